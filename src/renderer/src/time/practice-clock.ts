/**
 * The one place that decides "now in the practice's zone": the practice's time zone setting,
 * followed while someone has unlocked, with this laptop's zone standing in until a practice set
 * up before the setting existed chooses one. Dates and times on screen, "today" and new sessions
 * all take their zone from here.
 */
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/format';
import { todayIn } from '../../../shared/practice-time';
import type { PracticeSettings } from '../../../shared/settings';

export interface PracticeZone {
  /** The zone in use: the practice's, or the laptop's while the practice has none. */
  zone: string;
  /** Whether the practice has chosen its zone. */
  chosen: boolean;
}

/** This machine's zone, as the browser or Electron reports it (it follows the OS setting). */
export function laptopTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export class PracticeClock {
  /** null while locked or until the settings have been read after unlocking. */
  readonly zone$ = new BehaviorSubject<PracticeZone | null>(null);
  /** The practice's locale for dates and numbers (a setting), read with the zone; the default while locked. */
  readonly locale$ = new BehaviorSubject<Locale>(DEFAULT_LOCALE);
  private subscription: Subscription | null = null;
  /** The zone chosen at set-up, used from the unlock that set-up performs until the setting is saved a moment later. */
  private settingUp: string | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly laptopZone: () => string = laptopTimeZone,
  ) {}

  /**
   * Follows the practice's settings (call after unlocking). Unlocking again while unlocked (client
   * mode's passphrase check) keeps the zone known meanwhile, so nothing waiting on it remounts.
   */
  follow(settings$: Observable<Pick<PracticeSettings, 'timeZone' | 'locale'>>): void {
    this.subscription?.unsubscribe();
    this.subscription = settings$.subscribe({
      next: (settings) => {
        if (settings.timeZone) this.settingUp = null;
        const chosen = settings.timeZone ?? this.settingUp;
        const zone: PracticeZone = chosen ? { zone: chosen, chosen: true } : { zone: this.laptopZone(), chosen: false };
        const previous = this.zone$.value;
        if (previous?.zone !== zone.zone || previous.chosen !== zone.chosen) this.zone$.next(zone);
        if (this.locale$.value !== settings.locale) this.locale$.next(settings.locale);
      },
      // A read racing a lock fails to unseal; the lock stops the clock anyway, so keep the zone.
      error: (error: unknown) => console.error('[waypoint:clock] the time zone setting could not be read:', (error as Error).name),
    });
  }

  /** Set-up: the practice is about to be created with this zone (saved as a setting once unlocked). */
  expectZone(zone: string): void {
    this.settingUp = zone;
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.zone$.next(null);
    this.locale$.next(DEFAULT_LOCALE);
  }

  get zone(): string {
    return this.zone$.value?.zone ?? this.laptopZone();
  }

  /** Today's date (YYYY-MM-DD) in the practice's zone. */
  today(): string {
    return todayIn(this.zone, this.now());
  }
}

import { inject } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, newProfileDir, removeProfileDir, spawnChromium, type ChromiumProcess } from '../../../scripts/lib/chromium';

/**
 * The tests schedule sessions at 09:00 on the day they run, and a session opens 15 minutes before it
 * starts: run earlier (CI at night in UTC), today's session would still be read-only. So when the run
 * starts before 13:00 the app's clock is set ahead to 13:00 that day and flows on from there; the same
 * offset for every launch, so time never runs backwards across a restart, and the date is unchanged.
 */
const CLOCK_AHEAD_MS = Math.max(0, new Date().setHours(13, 0, 0, 0) - Date.now());

/** `crashable` starts Chromium as a child process whose pid the test can kill; `appUrl` serves another build (an earlier release's). */
/**
 * Moves the page's Date ahead by `offset` ms and nothing else (Playwright's clock would also fake
 * timers and `performance`, whose resource entries some tests read).
 */
function shiftDate(offset: number): void {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date> | []) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as ConstructorParameters<typeof Date>));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

type LaunchOptions = NonNullable<Parameters<typeof launchChromium>[1]> & { crashable?: boolean; appUrl?: string };
import { ADMIN_PASSPHRASE, VaultPages } from '../pages/vault';

/**
 * A Chromium with its own profile directory, pointed at the served renderer. `restart()` closes
 * the browser and opens the same profile again, as a clinician reopening the app would.
 */
export class AppSession {
  readonly consoleErrors: string[] = [];
  private context!: BrowserContext;
  /** Set when the browser runs as our own child process, so that `crash()` can kill it. */
  private process: ChromiumProcess | null = null;
  page!: Page;

  private constructor(
    readonly profileDir: string,
    private options: LaunchOptions,
  ) {}

  /** A fresh profile with a practice set up and unlocked as its administrator. */
  static async start(options: LaunchOptions = {}): Promise<AppSession> {
    const session = await AppSession.startEmpty(options);
    session.recoveryCode = await new VaultPages(session.page).setUp();
    return session;
  }

  /** A fresh profile on the first-run screen. */
  static async startEmpty(options: LaunchOptions = {}): Promise<AppSession> {
    const session = new AppSession(await newProfileDir(), options);
    await session.launch();
    return session;
  }

  /**
   * A fresh profile whose IndexedDB `load` fills before the app first opens it: `load` runs on a
   * page of the app's origin that is not the app (a 404), then the app is opened.
   */
  static async startWith(load: (page: Page) => Promise<void>): Promise<AppSession> {
    const session = new AppSession(await newProfileDir(), {});
    session.context = await launchChromium(session.profileDir);
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    await page.goto(`${session.url}/__no-app-here__`);
    await load(page);
    await session.context.close();
    await session.launch();
    return session;
  }

  recoveryCode = '';

  private async launch(): Promise<void> {
    const { crashable, ...launch } = this.options;
    delete launch.appUrl;
    if (crashable) {
      this.process = await spawnChromium(this.profileDir);
      this.context = this.process.context;
    } else {
      this.context = await launchChromium(this.profileDir, launch);
    }
    // Not in another zone: there, 13:00 here can be another day, and those tests compute the dates they expect.
    if (CLOCK_AHEAD_MS > 0 && launch.timezoneId === undefined) await this.context.addInitScript(shiftDate, CLOCK_AHEAD_MS);
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    await this.page.goto(this.url);
    await this.page.locator('main').first().waitFor();
  }

  /** Reload, then unlock again (a reload locks, as a restart does). */
  async reloadAndUnlock(passphrase = ADMIN_PASSPHRASE): Promise<void> {
    await this.page.reload();
    await new VaultPages(this.page).unlock(passphrase);
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  get url(): string {
    return this.options.appUrl ?? inject('appUrl');
  }

  async open(route: string): Promise<void> {
    await this.page.goto(`${this.url}#${route}`);
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** Closes the browser and opens the same profile again, then unlocks; `options` changes how it is launched (another time zone). */
  async restart(passphrase = ADMIN_PASSPHRASE, options?: LaunchOptions): Promise<void> {
    await this.context.close();
    if (options) this.options = options;
    await this.launch();
    await new VaultPages(this.page).unlock(passphrase);
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** A crash: SIGKILL to the browser process, so no unload event runs and nothing closes cleanly. */
  async crash(): Promise<void> {
    if (this.process === null) throw new Error('crash() needs AppSession.start({ crashable: true })');
    await this.process.kill();
  }

  /** Opens the same profile again after a crash, and unlocks. */
  async relaunchAndUnlock(passphrase = ADMIN_PASSPHRASE): Promise<void> {
    await this.launch();
    await new VaultPages(this.page).unlock(passphrase);
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** Closes the browser but keeps the profile directory (to inspect it on disk). */
  async closeBrowser(): Promise<void> {
    await this.context.close();
  }

  async close(): Promise<void> {
    if (this.process !== null) await this.process.kill();
    else await this.context.close().catch(() => undefined);
    await removeProfileDir(this.profileDir);
  }
}

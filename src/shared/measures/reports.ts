/** What the charts and the programme report show: a client's trend, and change per track. */
import type { MeasureDefinition, MeasureId } from './definition';
import type { Administration } from './administration';

// Array sort is stable, so equal keys keep the order they were given in.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface TrendPoint {
  date: string;
  /** The point's label on the chart's axis: the date, numbered when a day has more than one ("2026-12-01 (2 of 3)"). */
  label: string;
  total: number;
  bandId: string;
  bandLabel: string;
  /** An alert fired on this administration (acknowledged or not). */
  alert: boolean;
}

export interface TrendBand {
  id: string;
  label: string;
  /** Inclusive range of totals, for shading the chart. */
  from: number;
  to: number;
}

export interface Trend {
  instrumentId: MeasureId;
  title: string;
  /** The y axis: the instrument's whole range, so charts of one instrument are comparable. */
  min: number;
  max: number;
  bands: TrendBand[];
  /** Where a band starts (every band's lower bound but the first): lines across the chart. */
  thresholds: number[];
  points: TrendPoint[];
}

/** The client's administrations of one instrument as chart points in date order. */
export function trend(def: MeasureDefinition, administrations: readonly Administration[]): Trend {
  const labels = new Map(def.bands.map((band) => [band.id, band.label]));
  const points = administrations
    .filter((admin) => admin.instrumentId === def.id)
    .map((admin) => ({
      date: admin.date,
      total: admin.total,
      bandId: admin.bandId,
      bandLabel: labels.get(admin.bandId) ?? admin.bandId,
      alert: admin.alertIds.length > 0,
    }))
    .sort((a, b) => compare(a.date, b.date));
  const perDay = new Map<string, number>();
  for (const p of points) perDay.set(p.date, (perDay.get(p.date) ?? 0) + 1);
  const seen = new Map<string, number>();
  const labelled = points.map((p) => {
    const n = (seen.get(p.date) ?? 0) + 1;
    seen.set(p.date, n);
    const total = perDay.get(p.date)!;
    return { ...p, label: total === 1 ? p.date : `${p.date} (${n} of ${total})` };
  });
  return {
    instrumentId: def.id,
    title: `${def.shortName} total`,
    min: def.total.min,
    max: def.total.max,
    bands: def.bands.map((band) => ({ id: band.id, label: band.label, from: band.min, to: band.max })),
    thresholds: def.bands.slice(1).map((band) => band.min),
    points: labelled,
  };
}

export interface OutcomeEpisode {
  id: string;
  trackId: string;
}

export interface TrackOutcome {
  trackId: string;
  /** Episodes with a first and a last administration. */
  included: number;
  /** Episodes with fewer than two administrations: left out of the means, but counted. */
  excluded: number;
  /** Means over the included episodes; null when none is included. */
  meanFirst: number | null;
  meanLast: number | null;
  /** Last minus first: negative is improvement on all four shipped instruments. */
  meanChange: number | null;
}

export interface ProgrammeOutcome {
  instrumentId: MeasureId;
  tracks: TrackOutcome[];
  overall: Omit<TrackOutcome, 'trackId'>;
}

function summarise(pairs: readonly { first: number; last: number }[], excluded: number): Omit<TrackOutcome, 'trackId'> {
  if (pairs.length === 0) return { included: 0, excluded, meanFirst: null, meanLast: null, meanChange: null };
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanFirst = mean(pairs.map((p) => p.first));
  const meanLast = mean(pairs.map((p) => p.last));
  return { included: pairs.length, excluded, meanFirst, meanLast, meanChange: mean(pairs.map((p) => p.last - p.first)) };
}

/**
 * Average change from the first to the last administration within each episode, per track. Pass
 * the episodes to report on (e.g. those discharged in a quarter, for admission → discharge).
 * Administrations are matched to episodes by episodeId; on one date, the later in the list is later.
 */
export function programmeOutcome(instrumentId: MeasureId, episodes: readonly OutcomeEpisode[], administrations: readonly Administration[]): ProgrammeOutcome {
  const byEpisode = new Map<string, Administration[]>();
  for (const admin of administrations) {
    if (admin.instrumentId !== instrumentId) continue;
    byEpisode.set(admin.episodeId, [...(byEpisode.get(admin.episodeId) ?? []), admin]);
  }
  const tracks = new Map<string, { pairs: { first: number; last: number }[]; excluded: number }>();
  const all = { pairs: [] as { first: number; last: number }[], excluded: 0 };
  for (const episode of episodes) {
    const track = tracks.get(episode.trackId) ?? { pairs: [], excluded: 0 };
    tracks.set(episode.trackId, track);
    const series = (byEpisode.get(episode.id) ?? []).slice().sort((a, b) => compare(a.date, b.date));
    const first = series[0];
    const last = series.at(-1);
    if (series.length < 2 || !first || !last) {
      track.excluded += 1;
      all.excluded += 1;
      continue;
    }
    const pair = { first: first.total, last: last.total };
    track.pairs.push(pair);
    all.pairs.push(pair);
  }
  return {
    instrumentId,
    tracks: [...tracks.entries()].sort(([a], [b]) => compare(a, b)).map(([trackId, t]) => ({ trackId, ...summarise(t.pairs, t.excluded) })),
    overall: summarise(all.pairs, all.excluded),
  };
}

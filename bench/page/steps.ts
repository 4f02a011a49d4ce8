/** Names the step a bench case is at: scripts/bench.ts reads it from the console, to say where a failed or overdue group stopped. */
export function step(name: string): void {
  console.log(`bench-step: ${name}`);
}

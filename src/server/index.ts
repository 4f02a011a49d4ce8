/**
 * The central sync server (see DESIGN.md §3). Not built yet: this entry exists so tooling
 * (typecheck, lint boundaries) covers the folder from the start.
 */
export {};

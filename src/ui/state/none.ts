/**
 * An empty list with one identity. Store selectors must return the same value for the same state (zustand
 * re-renders, and loops, on a new `[]` each time), so "nothing yet" is always this one.
 */
export const NONE: readonly never[] = Object.freeze([]);

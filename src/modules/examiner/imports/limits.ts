// Every limit of the importers, named once.

/** Bounds that keep a hostile or broken file from exhausting memory. */
export const importLimits = {
  /** Longest single field kept from any format (descriptions are truncated to this). */
  fieldCharsMax: 1_000,
  /** Longest line the line-based readers (MT940) accept before rejecting it. */
  lineCharsMax: 100_000,
  /** Largest pending buffer the tag scanner (OFX) holds while looking for a tag end. */
  pendingCharsMax: 1_048_576,
  /** Initial slots of the fingerprint occurrence table; it doubles as it fills. */
  fingerprintSlotsInitial: 1 << 16,
} as const;

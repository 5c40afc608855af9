// Every limit of the exchange journal, named once.

/** Limits of the append-only journal and its snapshots. */
export const journalLimits = {
  /** Largest single record payload. A length field above this marks a torn or corrupt frame. */
  recordBytesMax: 1_048_576,
  /**
   * Most bytes written by one group-commit write. A crash can tear only the last write, so a bad frame further than
   * this from the end of the file is corruption of acknowledged data, not a torn tail, and recovery refuses it.
   */
  groupCommitBytesMax: 8 * 1_048_576,
  /**
   * Size at which the journal moves on to a new segment file. Finished segments that the kept snapshots cover are
   * deleted when a snapshot is written, so the journal's disk use stays near one segment plus the snapshots.
   */
  segmentBytes: 64 * 1_048_576,
  /** Records accepted by one appendBatch call. */
  batchRecordsMax: 1_000_000,
  /** Read buffer used while scanning the journal at open and recovery. */
  readChunkBytes: 16 * 1_048_576,
  /** Snapshots kept on disk; older ones are deleted after a new one is durable. */
  snapshotsKept: 2,
  /** Largest snapshot accepted. */
  snapshotBytesMax: 1_073_741_824,
} as const;

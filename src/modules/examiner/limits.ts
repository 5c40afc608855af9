// Every limit of the Examiner's services and routes, named once (the cores keep their own in core/*/limits.ts).

/** Bounds on imports, pages and the work one request may ask for. */
export const examinerLimits = {
  /** Accepted rows written per INSERT (one transaction each); the importer waits while a batch is written. */
  importRowsPerInsert: 1_000,
  /** Rejections kept on an import batch row; the count of all of them is kept separately. */
  importRejectionsStored: 200,
  /** Rejections returned in an import response. */
  importRejectionsReturned: 100,
  /** Rows a preview parses before it stops reading. */
  previewRows: 20,
  /** Longest mapping name. */
  mappingNameCharsMax: 100,
  /** Longest inline mapping given as a query parameter (JSON text). */
  mappingJsonCharsMax: 4_000,
  /** Default and largest page of a listing. */
  pageSizeDefault: 50,
  pageSizeMax: 500,
  /** Bank lines plus expenses one reconciliation run loads. */
  reconcileItemsMax: 400_000,
  /** Expenses one fraud run scores. */
  fraudTransactionsMax: 500_000,
  /** Flag rows inserted per statement when storing a fraud run. */
  flagRowsPerInsert: 1_000,
  /** Match or unmatched rows inserted per statement when storing a reconciliation run. */
  reconcileRowsPerInsert: 1_000,
} as const;

export { IntervalJob, ScheduledJob, type IntervalJobSchedule, type ScheduledJobInstance, type ScheduledJobSpec } from './interval-job';
export {
  runAppCommand,
  runSubgraphMain,
  startSubgraph,
  SUBGRAPH_CONFIG,
  type RunningSubgraph,
  type SubgraphConfig,
  type SubgraphDefinition,
  withPoolSize,
} from './subgraph';
export { writeCsv, type CsvCell } from './csv-download';
export {
  CsvUploadError,
  parseColumnMapping,
  readCsvRows,
  type ColumnMapping,
  type CsvReadOptions,
  type CsvRow,
  type MappingRules,
} from './csv-upload';
export {
  CsvImporterBase,
  CsvImports,
  ImportStatus,
  jobProgress,
  OnDuplicate,
  RowOutcome,
  type CsvImporter,
  type ImportJobRow,
  type ImportTables,
  type ImportView,
  type PendingRow,
  type RowCheck,
  type RowResult,
} from './csv-import';
export { csvImportController, type HasImports, type ImportAccess, type ImportKick } from './csv-import-http';
export { CsvImportJob } from './csv-import-job';
export { escapeHtml, smtpTransport, type MailTransport } from './mail';

// Public API of the experiment store. Never imports electron: it runs under
// plain Node (CLI, browser edition, tests) and in Electron's main process.

export { ExperimentStore, toFtsQuery } from './experiment_store';
export type {
  BuilderState,
  Experiment,
  ExperimentChanges,
  ExperimentSummary,
  ExportReport,
  ImportReport,
  ListOptions,
  ListResult,
  NewExperiment,
  Revision,
  RevisionSummary,
  StoreOptions,
} from './experiment_store';
export { ConflictError, ImportError, StoreError, isStoreError } from './errors';
export type { StoreErrorCode } from './errors';
export { openDatabase, DEFAULT_BUSY_TIMEOUT_MS } from './open_database';
export type { CorruptionRecovery, OpenDatabaseOptions, OpenedDatabase } from './open_database';
export { migrate, readMigrations, schemaVersion, defaultMigrationsDir } from './migrator';
export type { Migration, MigrationReport } from './migrator';
export { EXPORT_FILE_EXTENSION, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, exportFileSchema, parseExportFile } from './export_format';
export type { ExportFile, ExportedExperiment, ExportedRevision } from './export_format';
export { DATABASE_FILE_NAME, PRODUCT_NAME, appDataDir, defaultDatabasePath, resolveDatabasePath, userDataDir } from './paths';
export { resolveNativeBinding } from './native_binding';
export { LIMITS } from './limits';

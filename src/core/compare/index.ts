/**
 * Run comparison (pure, no I/O): tags, per-run metric selection, grouping over folds into the thesis Tables 7.5/7.6
 * layout, config diffs, the CSV export and the plain-text formatters.
 */
export * from './config-diff'
export * from './csv'
export * from './format-text'
export * from './group-runs'
export * from './run-metrics'
export * from './tags'

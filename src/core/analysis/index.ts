/**
 * Public surface of the analysis module (pure, no I/O): ΔW^a attention spread and its level segments, ΔW_G and
 * T_ZG gate segments, accuracy-gain tables (thesis 001 Tables 7.3-7.4, 7.7-7.10), the model comparison table
 * (Tables 7.5/7.6) and the gate shift under degradation, each with a plain-text formatter.
 */
export * from './accuracy-gain'
export * from './attention-spread'
export * from './effect-size'
export * from './gate-segments'
export * from './gate-shift'
export * from './model-table'
export * from './run-analysis'
export { formatPercent, formatTextTable, formatValue, formatVaPair } from './text-table'
export * from './types'
export * from './va-metrics'

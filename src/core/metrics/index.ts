/**
 * Public surface of the metrics module: prediction-vs-gold metrics, ICC / Krippendorff reliability, inter-rater
 * agreement, bootstrap CIs, dataset-level conventions and the missing-data policy.
 */
export * from './agreement'
export * from './bootstrap'
export * from './ccc'
export * from './dataset'
export * from './errors'
export * from './f-dist'
export * from './icc'
export * from './krippendorff'
export * from './missing'
export * from './moments'
export * from './pcc'
export * from './sagr'

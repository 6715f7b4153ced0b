export { ReviewView } from './ReviewView'
export { REVIEW_SHORTCUTS } from './use-review-keys'

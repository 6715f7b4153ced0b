/** Landmark ground-truth readers/writers. Coordinate origins are documented per format (see points.ts). */
export * from './points'
export * from './pts'
export * from './coco-keypoints'
export * from './ljson'
export * from './xml-scan'
export * from './dlib-xml'

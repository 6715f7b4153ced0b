export { LibraryView } from './LibraryView'

export { TrainView } from './TrainView'

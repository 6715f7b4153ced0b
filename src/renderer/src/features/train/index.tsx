export { RunsView as TrainView } from './RunsView'

export { AgreementPanel } from './AgreementPanel'

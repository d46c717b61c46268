export { start, type BrokerOptions, type RunningBroker } from './broker';

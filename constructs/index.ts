export * from './fault';
export * from './fault-scenario';
export * from './ingress';
export * from './mesh-namespace';
export * from './mesh-topology';
export * from './output-chart';
export * from './traced-app';
export * from './tracing-config';

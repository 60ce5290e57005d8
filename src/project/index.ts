export * from './environment';
export * from './environments';
export * from './generated-topology';
export * from './gitops';
export * from './project';
export * from './tutorial-project';
export * from './tutorial-topology';

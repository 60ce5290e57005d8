import { Duration } from 'cdk8s';
import { MeshAppProps, Fault, MeshTopologyProps } from '../../constructs';

const springboot: MeshAppProps = {
  name: 'springboot-tracing',
  image: 'dev.local/springboot-tracing',
  stack: 'java-spring-boot2',
  port: 8080,
  livenessPath: '/actuator/liveness',
  readinessPath: '/actuator/health',
};

const jee: MeshAppProps = {
  name: 'jee-tracing',
  image: 'dev.local/jee-tracing',
  stack: 'java-openliberty',
  port: 9080,
  livenessPath: '/health/live',
  readinessPath: '/health/ready',
};

const nodejs: MeshAppProps = {
  name: 'nodejs-tracing',
  image: 'dev.local/nodejs-tracing',
  stack: 'nodejs-express',
  port: 3000,
  livenessPath: '/live',
  readinessPath: '/ready',
  calls: [
    { to: springboot, paths: ['/resource'] },
    { to: jee, paths: ['/starter/service'] },
  ],
};

/**
 * The distributed tracing tutorial: a Node.js front service that calls a Spring Boot and a Java EE service, behind
 * the Istio ingress gateway, with the tutorial's three fault experiments.
 */
export const TUTORIAL: MeshTopologyProps = {
  name: 'tracing-tutorial',
  namespace: 'cloudlab',
  // Istio's Jaeger add-on, tracing every request (the tutorial's const sampler with param 1)
  tracing: { collector: {}, samplingPercentage: 100 },
  apps: [nodejs, springboot, jee],
  ingress: {
    gatewayName: 'tutorial-gateway',
    virtualServiceName: 'tutorial-service',
    routes: [
      { prefix: '/quoteOrder', rewrite: '/node-jee', to: nodejs },
      { prefix: '/quoteItem', rewrite: '/node-springboot', to: nodejs },
    ],
  },
  faultScenarios: [
    { name: 'springboot-delay', target: springboot, fault: Fault.delay(Duration.seconds(1)).percent(50) },
    { name: 'jee-abort-70', target: jee, fault: Fault.abort(502).percent(70) },
    { name: 'jee-abort-80', target: jee, fault: Fault.abort(502).percent(80) },
  ],
  istio: { profile: 'demo' },
  dashboard: { title: 'Tracing Tutorial' },
  trafficGenerator: { paths: ['/quoteItem', '/quoteOrder'], intervalSeconds: 2 },
  canary: { app: nodejs, version: 'v2', weight: 10 },
};

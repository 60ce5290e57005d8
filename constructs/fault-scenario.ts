import { Construct } from 'constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { Fault } from './fault';
import { requireDnsLabel } from './prop-guards';
import { TracedApp } from './traced-app';

/** Props for {@link FaultScenario}. */
export interface FaultScenarioProps {
  /** The scenario's name, e.g. `jee-abort-70`; also its file name. */
  readonly name: string;
  /** The app whose incoming requests get the fault. */
  readonly app: TracedApp;
  /** What happens to those requests. */
  readonly fault: Fault;
}

/**
 * A fault injection experiment: the mesh VirtualService for an app's host, injecting a fault into a percentage of
 * its requests and routing every request (faulted or not) on to the app.
 *
 * The VirtualService is named after the host, as the one mesh VirtualService a host may have: scenarios for the
 * same app replace each other when applied instead of conflicting.
 */
export class FaultScenario extends Construct {
  /** The scenario's name. */
  public readonly name: string;
  /** The app that gets the fault. */
  public readonly app: TracedApp;
  /** The fault. */
  public readonly fault: Fault;

  constructor(scope: Construct, id: string, props: FaultScenarioProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'fault scenario name');
    this.name = props.name;
    this.app = props.app;
    this.fault = props.fault;

    new VirtualService(this, 'Resource', {
      metadata: { name: props.app.name },
      spec: {
        hosts: [props.app.host],
        http: [{
          fault: props.fault.toSpec(),
          route: [{ destination: { host: props.app.host, port: { number: props.app.port } } }],
        }],
      },
    });
  }
}

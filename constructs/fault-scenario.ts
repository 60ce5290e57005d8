import { Construct } from 'constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { Fault } from './fault';
import { PropError } from './prop-error';
import { requireDnsLabel } from './prop-guards';
import { TracedApp } from './traced-app';
import { Waypoint } from './waypoint';

/** Props for {@link FaultScenario}. */
export interface FaultScenarioProps {
  /** The scenario's name, e.g. `jee-abort-70`; also its file name. */
  readonly name: string;
  /** The app whose incoming requests get the fault. */
  readonly app: TracedApp;
  /** What happens to those requests. */
  readonly fault: Fault;
  /**
   * In ambient mode, the waypoint the app's Service is bound to, which applies the fault: there is no sidecar, and
   * ztunnel sees no HTTP.
   * @default - none: the callers' sidecars apply it
   */
  readonly waypoint?: Waypoint;
}

/**
 * A fault injection experiment: the mesh VirtualService for an app's host, injecting a fault into a percentage of
 * its requests and routing every request (faulted or not) on to the app. The Gateway API has no fault injection, so
 * the VirtualService stays in every mode: with sidecars, the callers' sidecars apply it; in ambient mode, the
 * waypoint the Service is bound to (as Istio documents VirtualServices in ambient mode), for every caller.
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
  /** The waypoint that applies the fault, in ambient mode. */
  public readonly waypoint?: Waypoint;

  constructor(scope: Construct, id: string, props: FaultScenarioProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'fault scenario name');
    this.name = props.name;
    this.app = props.app;
    this.fault = props.fault;
    this.waypoint = props.waypoint;
    if (props.app.dataplane === 'ambient' && !this.waypoint) {
      throw new PropError(
        `fault scenario ${props.name} needs a waypoint in ambient mode: only a waypoint applies a VirtualService's fault ` +
          `(ztunnel sees no HTTP, and the Gateway API has no fault injection); bind the Service of app ${props.app.name} to one`,
      );
    }

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

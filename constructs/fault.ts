import { Duration } from 'cdk8s';
import { VirtualServiceSpecHttpFault } from '../imports/networking.istio.io';
import { quote, requireInteger, requireRange } from './prop-guards';
import { PropError } from './prop-error';

/** Renders a duration the way Istio's CRDs and Kubernetes CEL `duration()` read it: `1s`, `1500ms`. */
export function formatDuration(duration: Duration): string {
  const millis = duration.toMilliseconds({ integral: false });
  return millis % 1000 === 0 ? `${millis / 1000}s` : `${millis}ms`;
}

/**
 * A fault Istio injects into the requests a route carries: a fixed delay or an HTTP abort,
 * on a percentage of them (`Fault.abort(502).percent(70)`).
 */
export class Fault {
  /** Delays requests by `fixedDelay` (at least 1ms, as Istio requires). */
  public static delay(fixedDelay: Duration): Fault {
    if (!(fixedDelay instanceof Duration)) {
      throw new PropError(`fault delay must be a Duration (e.g. Duration.seconds(1) or Duration.millis(500)), got ${quote(fixedDelay)}`);
    }
    const millis = fixedDelay.toMilliseconds({ integral: false });
    if (!(millis >= 1)) {
      throw new PropError(`fault delay must be at least 1ms, got ${formatDuration(fixedDelay)}`);
    }
    return new Fault({ delay: formatDuration(fixedDelay) }, 100);
  }

  /** Answers requests with `httpStatus` instead of forwarding them. */
  public static abort(httpStatus: number): Fault {
    requireInteger(httpStatus, 200, 599, 'fault abort HTTP status');
    return new Fault({ httpStatus }, 100);
  }

  private constructor(
    private readonly action: { readonly delay: string } | { readonly httpStatus: number },
    /** The percentage of requests the fault applies to. */
    public readonly percentage: number,
  ) {}

  /** The same fault, applied to `value` percent of requests (0 to 100). */
  public percent(value: number): Fault {
    requireRange(value, 0, 100, `fault percentage (${this.describeAction()})`);
    return new Fault(this.action, value);
  }

  /** The fixed delay, when this is a delay fault. */
  public get delay(): string | undefined {
    return 'delay' in this.action ? this.action.delay : undefined;
  }

  /** The HTTP status, when this is an abort fault. */
  public get httpStatus(): number | undefined {
    return 'httpStatus' in this.action ? this.action.httpStatus : undefined;
  }

  /** A short description for messages and docs, e.g. `abort 502 on 70%`. */
  public describe(): string {
    return `${this.describeAction()} on ${this.percentage}%`;
  }

  /** The VirtualService `fault` block. */
  public toSpec(): VirtualServiceSpecHttpFault {
    const percentage = { value: this.percentage };
    return 'delay' in this.action
      ? { delay: { fixedDelay: this.action.delay, percentage } }
      : { abort: { httpStatus: this.action.httpStatus, percentage } };
  }

  private describeAction(): string {
    return 'delay' in this.action ? `delay ${this.action.delay}` : `abort ${this.action.httpStatus}`;
  }
}

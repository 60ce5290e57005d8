import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PropError } from './prop-error';

/** Props for {@link OutputChart}. */
export interface OutputChartProps {
  /** The file the chart's objects are written to, relative to the output directory (e.g. `faults/jee-abort-70.yaml`). */
  readonly file: string;
  /**
   * The namespace of every namespaced object in the chart.
   * @default - cluster-scoped objects only
   */
  readonly namespace?: string;
  /**
   * Labels of every object in the chart.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A chart that is one output file. Files at the top of the output directory are what `kubectl apply -f dist/` applies,
 * in file-name order; files in subdirectories are opt-in and applied one at a time.
 */
export class OutputChart extends Chart {
  /** Whether `x` is an OutputChart. */
  public static isOutputChart(x: unknown): x is OutputChart {
    return x instanceof OutputChart;
  }

  /** The output file, relative to the output directory. */
  public readonly file: string;

  constructor(scope: Construct, id: string, props: OutputChartProps) {
    super(scope, id, { namespace: props.namespace, labels: { ...props.labels }, disableResourceNameHashes: true });
    if (!/^([a-z0-9][-a-z0-9.]*\/)*[a-z0-9][-a-z0-9.]*\.yaml$/.test(props.file)) {
      throw new PropError(`output file must be a relative path of lowercase names ending in .yaml, got '${props.file}'`);
    }
    this.file = props.file;
  }

  /** Whether `kubectl apply -f <output directory>` (which does not recurse) applies this file. */
  public get appliedByDefault(): boolean {
    return !this.file.includes('/');
  }
}

import { Construct } from 'constructs';
import { PropError } from './prop-error';

/** Props for {@link OutputDocument}. */
export interface OutputDocumentProps {
  /** The file, relative to the output directory (e.g. `grafana/dashboard.json`). */
  readonly file: string;
  /** The file's exact content. */
  readonly content: string;
}

/** A file written to the output directory as is, beside the manifests: a document that is not Kubernetes objects. */
export class OutputDocument extends Construct {
  /** Whether `x` is an OutputDocument. */
  public static isOutputDocument(x: unknown): x is OutputDocument {
    return x instanceof OutputDocument;
  }

  /** The file, relative to the output directory. */
  public readonly file: string;
  /** The file's content. */
  public readonly content: string;

  constructor(scope: Construct, id: string, props: OutputDocumentProps) {
    super(scope, id);
    if (!/^([a-z0-9][-a-z0-9.]*\/)*[A-Za-z0-9][-A-Za-z0-9.]*$/.test(props.file) || props.file.endsWith('.yaml')) {
      throw new PropError(`output document must be a relative path of simple names, and not a .yaml manifest, got '${props.file}'`);
    }
    this.file = props.file;
    this.content = props.content;
  }
}

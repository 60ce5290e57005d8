// How large a generated topology the command line accepts (the benchmark's `--scale`, scale-synth's `--apps`).

/** The most apps a generated topology may have: ten times the benchmark's largest run. */
export const MAX_GENERATED_APPS = 100_000;

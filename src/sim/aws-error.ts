// An error a simulated AWS API answers with: its code (CloudWatch Logs' `__type`, the Query
// API's `<Code>`), message and HTTP status.
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

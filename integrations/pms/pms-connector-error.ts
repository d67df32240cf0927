// The one error a connector throws when the PMS cannot be reached or refuses us. Its message is shown to clinic
// admins ("test connection", last sync result): it names the HTTP status and resource, never a secret or patient data.
export class PmsConnectorError extends Error {
  constructor(
    message: string,
    /** The PMS's HTTP status, when it answered. */
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PmsConnectorError';
  }

  /** 401/403: the credentials are wrong; retrying will not help. */
  get isAuthFailure(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

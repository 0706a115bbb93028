/**
 * Why a backup or a restore cannot go on, in words the operator can act on. The CLI prints the
 * message without a stack; the cause, when there is one, stays attached for debugging.
 */
export class BackupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BackupError';
  }
}

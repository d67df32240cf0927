// The one error the runtime throws on purpose. `httpStatus` lets the server's error handler answer without
// knowing the bots' codes (bots cannot import server/errors.ts).
export type BotFlowErrorCode = 'appointment_required' | 'recall_required' | 'session_not_found';

const HTTP_STATUS: Record<BotFlowErrorCode, number> = {
  appointment_required: 400,
  recall_required: 400,
  session_not_found: 404,
};

export class BotFlowError extends Error {
  readonly code: BotFlowErrorCode;
  readonly httpStatus: number;
  readonly isOperational = true;

  constructor(code: BotFlowErrorCode, message: string) {
    super(message);
    this.name = 'BotFlowError';
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
  }
}

import { qboTime } from './time';

// QBO's fault bodies: `{Fault: {Error: [{Message, Detail, code}], type}, time}`. The 401 from the
// API gateway is lower-case (`fault.error`), as QBO really sends it.
export function fault(type: string, code: string, message: string, detail: string) {
  return {
    Fault: { Error: [{ Message: message, Detail: detail, code }], type },
    time: qboTime(Date.now()),
  };
}

export const throttled = () =>
  fault(
    'SERVICE',
    '3001',
    'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    'The request limit was reached.  Try again later',
  );

export function authFailed(detail: string) {
  return {
    fault: {
      error: [
        {
          message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          detail,
          code: '3200',
        },
      ],
      type: 'AUTHENTICATION',
    },
    time: qboTime(Date.now()),
  };
}

/** Bodies for the knobs' injected failures. */
export function qboErrorBody(status: number) {
  if (status === 429) return { body: throttled() };
  return {
    body: fault(
      'SystemFault',
      '10000',
      'An application error has occurred while processing your request',
      'System Failure Error: An unexpected error occurred while accessing or saving your data.',
    ),
  };
}

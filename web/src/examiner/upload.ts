// Sends a file as the raw request body (the Examiner's imports stream it), with the session's bearer token.
import { ApiError, api, readProblem } from '../api.js';

// ApiClient.upload always sends application/octet-stream; imports need the format's own content type (the server
// picks its parser by it), so this sends the body itself and refreshes once on an expired token, as the client does.
function accessToken(): string | null {
  return api.getAccessToken();
}

/** POSTs `body` to `/api/v1` + `path` as `contentType` and returns the JSON answer; errors become ApiError. */
export async function uploadFile<T>(path: string, body: Blob, contentType: string): Promise<T> {
  if (accessToken() === null && api.hasStoredSession()) await api.refresh();
  const send = () =>
    fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        accept: 'application/json, application/problem+json',
        authorization: `Bearer ${accessToken() ?? ''}`,
      },
      body,
    });
  let response = await send();
  if (response.status === 401) {
    const problem = await readProblem(response);
    if (problem.code !== 'token_expired') throw new ApiError(problem);
    await api.refresh();
    response = await send();
  }
  if (!response.ok) throw new ApiError(await readProblem(response));
  return (await response.json()) as T;
}

/** The content type the server's import parser expects for a format. */
export function contentTypeFor(format: string): string {
  if (format === 'camt053') return 'application/xml';
  if (format === 'csv') return 'text/csv';
  if (format === 'mt940') return 'text/plain';
  return 'application/octet-stream';
}

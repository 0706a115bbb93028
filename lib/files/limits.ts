/**
 * Files one request may carry, as multipart parts or base64 attachments. Each is a stored file,
 * a row and an entry in the ticket's events, so the byte limit alone would let one request make
 * a thousand of them. A leaf module: the request schemas the browser's forms use read it too.
 */
export const MAX_FILES_PER_REQUEST = 20;

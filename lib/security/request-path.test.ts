import { describe, expect, it } from 'vitest';
import { isWellFormedPath } from './request-path';

describe('isWellFormedPath', () => {
  it.each(['/', '/api/management/queues/%2F', '/api/management/queues/%C3%A4', '/a%20b'])(
    'accepts %s',
    (path) => expect(isWellFormedPath(path)).toBe(true),
  );
  it.each(['/api/management/%ZZ', '/%', '/a%2', '/%C3', '/%FF'])('refuses %s', (path) =>
    expect(isWellFormedPath(path)).toBe(false),
  );
});

// The renderer-side helpers of the contract: NaN-safe wire JSON, the token
// from the launch URL's fragment, and the client's handling of bad answers.
import { describe, expect, it } from 'vitest';
import { createLabClient, httpTransport, tokenFromHash } from '../../core/contract/lab_client';
import { decodeWireJson, encodeWireJson } from '../../core/contract/wire_json';

describe('wire JSON', () => {
  it('keeps NaN and ±Infinity that plain JSON turns into null', () => {
    const value = { values: [1.5, NaN, Infinity, -Infinity, -0], nested: { x: NaN }, text: 'NaN' };
    const back = decodeWireJson(encodeWireJson(value)) as typeof value;
    expect(back.values).toEqual([1.5, NaN, Infinity, -Infinity, 0]);
    expect(back.nested.x).toBeNaN();
    expect(back.text).toBe('NaN');
    expect(JSON.parse(JSON.stringify(value)).values[1]).toBeNull();
  });

  it('leaves objects that merely look like tags alone', () => {
    expect(decodeWireJson('{"$float":"banana"}')).toEqual({ $float: 'banana' });
    expect(decodeWireJson('{"$float":"NaN","other":1}')).toEqual({ $float: 'NaN', other: 1 });
  });
});

describe('tokenFromHash', () => {
  it('reads the token the server printed', () => {
    expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromHash('#view=graph&token=t0k')).toBe('t0k');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#token=<script>')).toBeNull();
  });
});

describe('httpTransport', () => {
  it('turns a network failure and a non-JSON answer into LabCallErrors', async () => {
    const down = createLabClient(httpTransport({ token: 't', fetch: () => Promise.reject(new Error('ECONNREFUSED')) }));
    await expect(down.appInfo({})).rejects.toMatchObject({ type: 'ConnectionError', message: 'Cannot reach the lab server: ECONNREFUSED' });
    const proxy = createLabClient(httpTransport({ token: 't', fetch: async () => ({ status: 502, text: async () => '<html>Bad gateway</html>' }) }));
    await expect(proxy.appInfo({})).rejects.toMatchObject({ type: 'InternalError', message: expect.stringContaining('HTTP 502') });
  });

  it('sends the token as a bearer header to /api/<method>', async () => {
    const seen: { url: string; auth: string; body: string }[] = [];
    const lab = createLabClient(
      httpTransport({
        token: 'secret',
        baseUrl: 'http://127.0.0.1:9',
        fetch: async (url, init) => {
          seen.push({ url, auth: init.headers.Authorization, body: init.body });
          return { status: 200, text: async () => '{"ok":true,"value":{"cancelled":false}}' };
        },
      }),
    );
    expect(await lab.cancel({ runId: 'r' })).toEqual({ cancelled: false });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:9/api/cancel', auth: 'Bearer secret', body: '{"runId":"r"}' }]);
  });
});

import { csv, DevTokenError, requestDevToken } from './dev-token';

const answer = (status: number, body: unknown) => jest.fn().mockResolvedValue(new Response(JSON.stringify(body), { status }));

describe('requestDevToken', () => {
  it('returns the token the gateway signed', async () => {
    const fetchImpl = answer(200, { token: 'a.b.c', expiresIn: '8h' });
    await expect(requestDevToken({ sub: 'c-1', roles: ['customer'] }, fetchImpl)).resolves.toBe('a.b.c');
    expect(fetchImpl).toHaveBeenCalledWith('/dev/token', expect.objectContaining({ method: 'POST' }));
  });

  it("reports the gateway's code and fields at fault", async () => {
    const fetchImpl = answer(400, {
      errors: [{ extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'input.sub', message: 'Too small' }] } }],
    });
    await expect(requestDevToken({ sub: '', roles: ['customer'] }, fetchImpl)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'input.sub', message: 'Too small' }],
    });
  });

  it('says NOT_FOUND when the gateway has no development sign-in', async () => {
    await expect(requestDevToken({ sub: 'c-1', roles: ['customer'] }, answer(404, {}))).rejects.toBeInstanceOf(DevTokenError);
    await expect(requestDevToken({ sub: 'c-1', roles: ['customer'] }, answer(404, {}))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('csv', () => {
  it('splits on commas (either width) and blanks, and gives undefined for nothing', () => {
    expect(csv('310104, 310115，310101')).toEqual(['310104', '310115', '310101']);
    expect(csv('  ')).toBeUndefined();
  });
});

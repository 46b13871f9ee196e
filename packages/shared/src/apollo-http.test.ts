import { searchOf } from './apollo-http';

describe('searchOf', () => {
  it.each([
    ['/', ''],
    ['/?', '?'],
    ['/?a=1', '?a=1'],
    ['/?a=1#x', '?a=1'],
    ['/#a?b', ''],
    ['/?a#b?c', '?a'],
    ['/x?y?z', '?y?z'],
  ])('reads %s as url.parse does: %j', (path, search) => {
    expect(searchOf({ url: path })).toBe(search);
  });
});

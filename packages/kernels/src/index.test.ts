import { expect, test } from 'vitest';
import * as api from './index';

test('the package entry loads', () => {
  expect(typeof api).toBe('object');
});

import { expect, test } from 'vitest';
import { injectedMarkup } from '../helpers/html.ts';

test('finds injected elements, event handlers and scripts, not text in attributes', () => {
	expect(injectedMarkup('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><input value="<foo val=“bar” />">')).toEqual([]);
	expect(injectedMarkup('<p><img src=x onerror=alert(1)></p>')).toEqual(['<img>', '<img onerror>']);
	expect(injectedMarkup('<p><script>alert(123)</script></p>')).toEqual(['<script>alert(123)']);
	expect(injectedMarkup('<div onclick="x()">a</div>')).toEqual(['<div onclick>']);
});

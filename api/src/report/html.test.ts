import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.ts';

describe('html template tag', () => {
  it('escapes text in content and in attributes', () => {
    const name = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
  });

  it('inserts markup it made itself, joins lists and leaves out null, undefined and false', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    // Prettier would re-indent the markup inside the template:
    // prettier-ignore
    const list = html`<ul>${items}${null}${undefined}${false}</ul>`;
    expect(list.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${0} ${-1.5} ${true}`.value).toBe('0 -1.5 true');
  });

  it('takes raw markup only when asked', () => {
    expect(html`${raw('<br>')}${'<br>'}`.value).toBe('<br>&lt;br&gt;');
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});

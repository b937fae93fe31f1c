import MarkdownIt from 'markdown-it'

// Raw HTML in a message is shown as text, never executed; markdown-it also refuses javascript: links.
const md = new MarkdownIt({ html: false, linkify: true, breaks: false })

const defaultLinkOpen = md.renderer.rules.link_open
  ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'noopener noreferrer')
  tokens[idx]!.attrSet('target', '_blank')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

export function renderMarkdown(source: string): string {
  return md.render(source)
}

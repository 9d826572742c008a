/**
 * Generator for the baseline of bench/build-scale.ts (not a benchmark itself): a minimal
 * re-creation of Astro's `blog` example (create-astro --template blog), because the example
 * cannot be downloaded here. Static output (no adapter); it keeps the example's shape:
 * `blog` collection (glob loader over src/content/blog/*.md, schema title/description/pubDate),
 * BaseHead/Header/Footer/FormattedDate components, a BlogPost layout, /, /about/, /blog/,
 * /blog/[...slug]/ and /rss.xml, with the example's integrations mdx() and sitemap().
 * Left out: hero images (astro:assets) and the local fonts. It uses the astro version from
 * the project's node_modules, found by Node's resolution from bench/.tmp/<dir>/ upwards.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { blogMd, type SyntheticArticle } from './synthetic-articles.ts';

const FILES: Record<string, string> = {
	'package.json': JSON.stringify(
		{ name: 'blog-baseline', type: 'module', private: true, version: '0.0.1' },
		null,
		2,
	),
	'tsconfig.json': JSON.stringify(
		{
			extends: 'astro/tsconfigs/strict',
			include: ['.astro/types.d.ts', '**/*'],
			exclude: ['dist'],
		},
		null,
		2,
	),
	'astro.config.mjs': `// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';

export default defineConfig({
	site: 'https://example.com',
	integrations: [mdx(), sitemap()],
});
`,
	'src/consts.ts': `export const SITE_TITLE = 'Astro Blog';
export const SITE_DESCRIPTION = 'Welcome to my website!';
`,
	'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const blog = defineCollection({
	loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
	schema: z.object({
		title: z.string(),
		description: z.string(),
		pubDate: z.coerce.date(),
		updatedDate: z.coerce.date().optional(),
	}),
});

export const collections = { blog };
`,
	'src/styles/global.css': `body {
	font-family: system-ui, sans-serif;
	margin: 0;
	padding: 0;
	text-align: left;
	background: linear-gradient(rgba(229, 233, 240, 0.5), #fff) no-repeat;
	background-size: 100% 600px;
	word-wrap: break-word;
	overflow-wrap: break-word;
	color: rgb(34, 41, 57);
	font-size: 20px;
	line-height: 1.7;
}
main {
	width: 720px;
	max-width: calc(100% - 2em);
	margin: auto;
	padding: 3em 1em;
}
h1, h2, h3 { margin: 0 0 0.5rem 0; color: rgb(15, 18, 25); line-height: 1.2; }
a { color: #2337ff; }
.sr-only {
	border: 0;
	padding: 0;
	margin: 0;
	position: absolute !important;
	height: 1px;
	width: 1px;
	overflow: hidden;
	clip: rect(1px 1px 1px 1px);
	white-space: nowrap;
}
`,
	'src/components/BaseHead.astro': `---
import '../styles/global.css';
import { SITE_TITLE } from '../consts';

interface Props {
	title: string;
	description: string;
}

const canonicalURL = new URL(Astro.url.pathname, Astro.site);
const { title, description } = Astro.props;
---

<meta charset="utf-8" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<link rel="icon" type="image/svg+xml" href="/favicon.svg" />
<link rel="sitemap" href="/sitemap-index.xml" />
<link rel="alternate" type="application/rss+xml" title={SITE_TITLE} href={new URL('rss.xml', Astro.site)} />
<meta name="generator" content={Astro.generator} />
<link rel="canonical" href={canonicalURL} />
<title>{title}</title>
<meta name="title" content={title} />
<meta name="description" content={description} />
<meta property="og:type" content="website" />
<meta property="og:url" content={Astro.url} />
<meta property="og:title" content={title} />
<meta property="og:description" content={description} />
<meta property="twitter:card" content="summary_large_image" />
<meta property="twitter:title" content={title} />
<meta property="twitter:description" content={description} />
`,
	'src/components/HeaderLink.astro': `---
import type { HTMLAttributes } from 'astro/types';

type Props = HTMLAttributes<'a'>;

const { href, class: className, ...props } = Astro.props;
const pathname = Astro.url.pathname.replace(import.meta.env.BASE_URL, '');
const subpath = pathname.match(/[^\\/]+/g);
const isActive = href === pathname || href === '/' + (subpath?.[0] || '');
---

<a href={href} class:list={[className, { active: isActive }]} {...props}>
	<slot />
</a>
<style>
	a { display: inline-block; text-decoration: none; }
	a.active { font-weight: bolder; text-decoration: underline; }
</style>
`,
	'src/components/Header.astro': `---
import HeaderLink from './HeaderLink.astro';
import { SITE_TITLE } from '../consts';
---

<header>
	<nav>
		<h2><a href="/">{SITE_TITLE}</a></h2>
		<div class="internal-links">
			<HeaderLink href="/">Home</HeaderLink>
			<HeaderLink href="/blog">Blog</HeaderLink>
			<HeaderLink href="/about">About</HeaderLink>
		</div>
	</nav>
</header>
<style>
	header { margin: 0; padding: 0 1em; background: white; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.1); }
	h2 { margin: 0; font-size: 1em; }
	h2 a, h2 a.active { text-decoration: none; }
	nav { display: flex; align-items: center; justify-content: space-between; }
	nav a { padding: 1em 0.5em; color: black; border-bottom: 4px solid transparent; text-decoration: none; }
	nav a.active { text-decoration: none; border-bottom-color: #2337ff; }
	@media (max-width: 720px) { .internal-links { display: none; } }
</style>
`,
	'src/components/Footer.astro': `---
const today = new Date();
---

<footer>
	&copy; {today.getFullYear()} Your name here. All rights reserved.
</footer>
<style>
	footer { padding: 2em 1em 6em 1em; background: linear-gradient(rgba(229, 233, 240, 0.5), #fff) no-repeat; color: rgb(96, 115, 159); text-align: center; }
</style>
`,
	'src/components/FormattedDate.astro': `---
interface Props {
	date: Date;
}

const { date } = Astro.props;
---

<time datetime={date.toISOString()}>
	{
		date.toLocaleDateString('en-us', {
			year: 'numeric',
			month: 'short',
			day: 'numeric',
		})
	}
</time>
`,
	'src/layouts/BlogPost.astro': `---
import type { CollectionEntry } from 'astro:content';
import BaseHead from '../components/BaseHead.astro';
import Footer from '../components/Footer.astro';
import FormattedDate from '../components/FormattedDate.astro';
import Header from '../components/Header.astro';

type Props = CollectionEntry<'blog'>['data'];

const { title, description, pubDate, updatedDate } = Astro.props;
---

<html lang="en">
	<head>
		<BaseHead title={title} description={description} />
		<style>
			main { width: calc(100% - 2em); max-width: 100%; margin: 0; }
			.prose { width: 720px; max-width: calc(100% - 2em); margin: auto; padding: 1em; color: rgb(34, 41, 57); }
			.title { margin-bottom: 1em; padding: 1em 0; text-align: center; line-height: 1; }
			.title h1 { margin: 0 0 0.5em 0; }
			.date { margin-bottom: 0.5em; color: rgb(96, 115, 159); }
			.last-updated-on { font-style: italic; }
		</style>
	</head>

	<body>
		<Header />
		<main>
			<article>
				<div class="prose">
					<div class="title">
						<div class="date">
							<FormattedDate date={pubDate} />
							{
								updatedDate && (
									<div class="last-updated-on">
										Last updated on <FormattedDate date={updatedDate} />
									</div>
								)
							}
						</div>
						<h1>{title}</h1>
						<hr />
					</div>
					<slot />
				</div>
			</article>
		</main>
		<Footer />
	</body>
</html>
`,
	'src/pages/index.astro': `---
import BaseHead from '../components/BaseHead.astro';
import Footer from '../components/Footer.astro';
import Header from '../components/Header.astro';
import { SITE_DESCRIPTION, SITE_TITLE } from '../consts';
---

<!doctype html>
<html lang="en">
	<head>
		<BaseHead title={SITE_TITLE} description={SITE_DESCRIPTION} />
	</head>
	<body>
		<Header />
		<main>
			<h1>Hello, Astronaut!</h1>
			<p>Welcome to the official Astro blog starter template. This template serves as a lightweight,
			minimally-styled starting point for anyone looking to build a personal website, blog, or portfolio with Astro.</p>
		</main>
		<Footer />
	</body>
</html>
`,
	'src/pages/about.astro': `---
import AboutHeroImage from '../layouts/BlogPost.astro';
---

<AboutHeroImage title="About Me" description="Lorem ipsum dolor sit amet" pubDate={new Date('August 08 2021')}>
	<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>
</AboutHeroImage>
`,
	'src/pages/blog/index.astro': `---
import { getCollection } from 'astro:content';
import BaseHead from '../../components/BaseHead.astro';
import Footer from '../../components/Footer.astro';
import FormattedDate from '../../components/FormattedDate.astro';
import Header from '../../components/Header.astro';
import { SITE_DESCRIPTION, SITE_TITLE } from '../../consts';

const posts = (await getCollection('blog')).sort((a, b) => b.data.pubDate.valueOf() - a.data.pubDate.valueOf());
---

<!doctype html>
<html lang="en">
	<head>
		<BaseHead title={SITE_TITLE} description={SITE_DESCRIPTION} />
		<style>
			main { width: 960px; }
			ul { display: flex; flex-wrap: wrap; gap: 2rem; list-style-type: none; margin: 0; padding: 0; }
			ul li { width: calc(50% - 1rem); }
			ul li a { display: block; }
			.title { margin: 0; color: rgb(15, 18, 25); line-height: 1; }
			.date { margin: 0; color: rgb(96, 115, 159); }
			@media (max-width: 720px) { ul li { width: 100%; text-align: center; } }
		</style>
	</head>
	<body>
		<Header />
		<main>
			<section>
				<ul>
					{
						posts.map((post) => (
							<li>
								<a href={\`/blog/\${post.id}/\`}>
									<h4 class="title">{post.data.title}</h4>
									<p class="date">
										<FormattedDate date={post.data.pubDate} />
									</p>
								</a>
							</li>
						))
					}
				</ul>
			</section>
		</main>
		<Footer />
	</body>
</html>
`,
	'src/pages/blog/[...slug].astro': `---
import { type CollectionEntry, getCollection, render } from 'astro:content';
import BlogPost from '../../layouts/BlogPost.astro';

export async function getStaticPaths() {
	const posts = await getCollection('blog');
	return posts.map((post) => ({
		params: { slug: post.id },
		props: post,
	}));
}
type Props = CollectionEntry<'blog'>;

const post = Astro.props;
const { Content } = await render(post);
---

<BlogPost {...post.data}>
	<Content />
</BlogPost>
`,
	'src/pages/rss.xml.js': `import { getCollection } from 'astro:content';
import rss from '@astrojs/rss';
import { SITE_DESCRIPTION, SITE_TITLE } from '../consts';

export async function GET(context) {
	const posts = await getCollection('blog');
	return rss({
		title: SITE_TITLE,
		description: SITE_DESCRIPTION,
		site: context.site,
		items: posts.map((post) => ({
			...post.data,
			link: \`/blog/\${post.id}/\`,
		})),
	});
}
`,
	'public/favicon.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128"><path d="M50.4 78.5a75.1 75.1 0 0 0-28.5 6.9l24.2-65.7c.7-2 1.9-3.2 3.4-3.2h29c1.5 0 2.7 1.2 3.4 3.2l24.2 65.7s-11.6-7-28.5-7L67 45.5c-.4-1.7-1.6-2.8-2.9-2.8-1.3 0-2.5 1.1-2.9 2.7L50.4 78.5Zm-1.1 28.2Zm-4.2-20.2c-2 6.6-.6 15.8 4.2 20.2a17.5 17.5 0 0 1 .2-.7 5.5 5.5 0 0 1 5.7-4.5c2.8.1 4.3 1.5 4.7 4.7.2 1.1.2 2.3.2 3.5v.4c0 2.7.7 5.2 2.2 7.4a13 13 0 0 0 5.7 4.9v-.3l-.2-.3c-1.8-5.6-.5-9.5 4.4-12.8l1.5-1a73 73 0 0 0 3.2-2.2 16 16 0 0 0 6.8-11.4c.3-2 .1-4-.6-6l-.8.6-1.6 1a37 37 0 0 1-22.4 2.7c-5-.7-9.7-2-13.2-6.2Z" /></svg>
`,
};

/** Writes the example into `dir`, with one `src/content/blog/<slug>.<ext>` per article. */
export function writeBlogExample(
	dir: string,
	articles: readonly SyntheticArticle[],
	ext: 'md' | 'mdx' = 'md',
): void {
	const write = (rel: string, content: string) => {
		const path = join(dir, rel);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, content);
	};
	for (const [rel, content] of Object.entries(FILES)) write(rel, content);
	for (const article of articles) write(`src/content/blog/${article.slug}.${ext}`, blogMd(article));
}

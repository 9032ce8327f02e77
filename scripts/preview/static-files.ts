import { constants } from "node:fs";
import { lstat, open, realpath } from "node:fs/promises";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".pdf": "application/pdf",
  ".json": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export type StaticFile = { found: true; body: Buffer; type: string } | { found: false; status: 400 | 404 };

/**
 * Resolves a request path to a file inside `root`, and only inside it:
 * `..` segments, encoded or not, backslashes, NUL bytes and hidden files
 * (the build's manifest and staging folders) are refused. Only regular files
 * are served, reached without following a symbolic link: a link planted in
 * the output folder (to /etc/passwd, or to a folder outside) is not followed.
 */
export async function readStaticFile(root: string, requestPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath.split("?")[0] ?? "/");
  } catch {
    return { found: false, status: 400 };
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return { found: false, status: 400 };
  const segments = decoded.split("/").filter(Boolean);
  if (segments.some((segment) => segment === ".." || segment.startsWith("."))) return { found: false, status: 404 };
  const relative = segments.length === 0 ? "index.html" : segments.join("/");
  try {
    const resolvedRoot = await realpath(root);
    const file = path.resolve(resolvedRoot, relative);
    if (!file.startsWith(`${resolvedRoot}${path.sep}`)) return { found: false, status: 404 };
    // Every folder on the way must be a real folder, not a link; the file itself is opened with O_NOFOLLOW.
    for (let dir = path.dirname(file); dir !== resolvedRoot; dir = path.dirname(dir)) {
      if (!(await lstat(dir)).isDirectory()) return { found: false, status: 404 };
    }
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return { found: false, status: 404 };
      const type = TYPES[path.extname(file)] ?? "application/octet-stream";
      return { found: true, body: await handle.readFile(), type };
    } finally {
      await handle.close();
    }
  } catch {
    return { found: false, status: 404 };
  }
}

import { execFile } from "node:child_process";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, CONTENT, copyToTemp, removeTempDirs, ROOT, tempDir } from "../helpers/paths.js";
import { runCli, type CliRun } from "../helpers/run-cli.js";
import { makeZip, type ZipEntry } from "../helpers/zip.js";

let out: string;
let keys: string;
let run: CliRun;
const privateKey = () => path.join(keys, "office-private.pem");
const publicKey = () => path.join(keys, "office-public.pem");
const withKey = (target: string) => ["verify", "--key-file", publicKey(), target];
const ROMA = "zicht-op-kwetsbaarheid_roma-kinderen_infographic_2016-04-14.pdf";

beforeAll(async () => {
  keys = await tempDir();
  const office = generateKeyPairSync("ed25519");
  await writeFile(privateKey(), office.privateKey.export({ type: "pkcs8", format: "pem" }));
  await writeFile(publicKey(), office.publicKey.export({ type: "spki", format: "pem" }));
  out = await tempDir();
  run = await runCli(["distribute", "--out", out], undefined, { FACTSHEETS_SIGNING_KEY_FILE: privateKey() });
});
afterAll(removeTempDirs);

/** A copy of a package folder to tamper with. */
const copyOf = (id: string) => copyToTemp(path.join(out, "distribution", id));
const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Rewrites a package's manifest entry for `file` and its checksum, as a careful forger would. */
async function forgeManifest(folder: string, file: string): Promise<string> {
  const manifestFile = path.join(folder, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
  const data = await readFile(path.join(folder, file));
  for (const entry of manifest.files)
    if (entry.path === file) Object.assign(entry, { sha256: sha(data), bytes: data.length });
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(manifestFile, text);
  await writeFile(path.join(folder, "manifest.json.sha256"), `${sha(text)}  manifest.json\n`);
  return text;
}

async function flipByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  bytes[600] = (bytes[600] ?? 0) ^ 1;
  await writeFile(file, bytes);
}

describe("factsheets distribute with the example list", () => {
  it("writes a signed package and a zip per agency", async () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const folder = path.join(out, "distribution");
    expect((await readdir(folder)).sort()).toEqual(
      ["arbeidsinspectie", "gemeente-voorbeeldstad", "jeugdbescherming", "openbaar-ministerie", "politie"]
        .flatMap((id) => [id, `${id}.zip`])
        .sort(),
    );
    expect((await readdir(path.join(folder, "arbeidsinspectie"))).sort()).toEqual([
      "manifest.json",
      "manifest.json.sha256",
      "manifest.json.sig",
      "zicht-op-kwetsbaarheid_productieketens_infographic_2016-04-14.pdf",
      "zicht-op-kwetsbaarheid_uitbuiting-binnen-families_infographic_2016-04-14.pdf",
    ]);
    expect(await readFile(path.join(folder, "arbeidsinspectie", "manifest.json.sig"), "utf8")).toMatch(
      /^ed25519 [A-Za-z0-9+/]{86}==\n$/,
    );
    const manifest = JSON.parse(await readFile(path.join(folder, "gemeente-voorbeeldstad", "manifest.json"), "utf8"));
    expect(manifest.report).toEqual({
      title: "Zicht op kwetsbaarheid",
      slug: "zicht-op-kwetsbaarheid",
      published: "2016-04-14",
    });
    expect(
      manifest.files.map((file: { path: string; grade: string; kind: string }) => [file.path, file.grade, file.kind]),
    ).toEqual([
      [
        "zicht-op-kwetsbaarheid_anorexia-nervosa_infographic_2016-04-14.pdf",
        "“lijkt een licht kwetsbare groep” (licht)",
        "infographic",
      ],
      [
        "zicht-op-kwetsbaarheid_anorexia-nervosa_drukwerk_2016-04-14.pdf",
        "“lijkt een licht kwetsbare groep” (licht)",
        "drukwerk",
      ],
      ["zicht-op-kwetsbaarheid_roma-kinderen_infographic_2016-04-14.pdf", "“hoge kwetsbaarheid” (hoog)", "infographic"],
      ["zicht-op-kwetsbaarheid_roma-kinderen_drukwerk_2016-04-14.pdf", "“hoge kwetsbaarheid” (hoog)", "drukwerk"],
      [
        "zicht-op-kwetsbaarheid_syrische-kindbruiden_infographic_2016-04-14.pdf",
        "“redelijke kwetsbaarheid” (redelijk)",
        "infographic",
      ],
      [
        "zicht-op-kwetsbaarheid_syrische-kindbruiden_drukwerk_2016-04-14.pdf",
        "“redelijke kwetsbaarheid” (redelijk)",
        "drukwerk",
      ],
    ]);
  });

  it("says it is a dry run and shows per agency the recipients, the subject, the files and the whole e-mail", () => {
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(
      "Proefrun: er wordt niets verzonden. Hieronder staat wat elke instantie zou ontvangen; " +
        "verstuur het met dezelfde opdracht en --send.",
    );
    const start = lines.findIndex((line) => line.startsWith("✓ arbeidsinspectie "));
    const end = lines.findIndex((line, index) => index > start && line.startsWith("✓ "));
    const block = lines.slice(start, end);
    expect(block[0]).toMatch(
      /^✓ arbeidsinspectie \(heeft nog nooit iets ontvangen\): 2 bestanden in .+\/arbeidsinspectie\/ en .+\.zip; SHA-256 van het manifest [0-9a-f]{64}, ondertekend; zou verzenden aan recherche@arbeidsinspectie\.example\.org$/,
    );
    const sha256 = /manifest ([0-9a-f]{64})/.exec(block[0] ?? "")?.[1] ?? "";
    expect(block.slice(1)).toEqual([
      "    aan: recherche@arbeidsinspectie.example.org",
      "    onderwerp: Zicht op kwetsbaarheid: bestanden voor Nederlandse Arbeidsinspectie (voorbeeld)",
      "    bestanden: zicht-op-kwetsbaarheid_uitbuiting-binnen-families_infographic_2016-04-14.pdf, " +
        "zicht-op-kwetsbaarheid_productieketens_infographic_2016-04-14.pdf",
      "    het bericht:",
      "      Geachte heer, mevrouw,",
      "",
      "      Hierbij ontvangt Nederlandse Arbeidsinspectie (voorbeeld) de bestanden van het rapport " +
        "“Zicht op kwetsbaarheid” (14 april 2016) van de Nationaal Rapporteur Mensenhandel en Seksueel Geweld " +
        "tegen Kinderen.",
      "",
      "      De groepen in dit pakket, met het antwoord van de bron op elke vraag:",
      "      - Illegaal in Nederland verblijvende kinderen die binnen families worden uitgebuit",
      "        kwetsbaarheid: “kwetsbaar vanwege de gesloten context … Deze kwetsbaarheid wordt nog eens vergroot”",
      "        aanwijzingen dat mensenhandelaren zich specifiek op de groep richten: “enkele veroordelingen … van " +
        "personen die illegale kinderen … voor hen hadden laten werken”",
      "      - Kinderen die moeten werken in productieketens",
      "        kwetsbaarheid: niet gegradeerd in de bron",
      "        aanwijzingen dat mensenhandelaren zich specifiek op de groep richten: niet beoordeeld in de bron",
      "",
      "      Dit is het eerste pakket dat u van ons ontvangt.",
      "",
      `      Controlegetal (SHA-256) van het manifest: ${sha256}`,
      "      Met dit getal en het meegestuurde manifest kunt u nagaan dat de bestanden ongewijzigd zijn.",
      expect.stringMatching(/^ {6}Het manifest is ondertekend \(Ed25519\)\./),
      "",
      "      Met vriendelijke groet,",
      "      Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen",
      "      www.nationaalrapporteur.nl",
    ]);
  });

  it.each(["politie", "politie.zip", "jeugdbescherming", "gemeente-voorbeeldstad.zip"])(
    "verify %s with the public key passes",
    async (target) => {
      const result = await runCli(withKey(path.join(out, "distribution", target)));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^manifest SHA-256: [0-9a-f]{64}\n.+: every file matches its manifest, signed with the given key\.\n$/,
      );
    },
  );

  it("verify takes the key from FACTSHEETS_VERIFY_KEY_FILE too, and the private key as well as the public one", async () => {
    const target = path.join(out, "distribution", "politie");
    expect((await runCli(["verify", target], undefined, { FACTSHEETS_VERIFY_KEY_FILE: publicKey() })).code).toBe(0);
    expect((await runCli(["verify", "--key-file", privateKey(), target])).code).toBe(0);
  });

  it("a zip is the same bytes when made again from the same inputs", async () => {
    const again = await tempDir();
    expect(
      (await runCli(["distribute", "--out", again], undefined, { FACTSHEETS_SIGNING_KEY_FILE: privateKey() })).code,
    ).toBe(0);
    expect(await readFile(path.join(again, "distribution", "politie.zip"))).toEqual(
      await readFile(path.join(out, "distribution", "politie.zip")),
    );
  });
});

describe("verify: tamper evidence with the office's public key", () => {
  it("fails after one byte of a PDF changed, and names the file", async () => {
    const copy = await copyOf("politie");
    await flipByte(path.join(copy, ROMA));
    const result = await runCli(withKey(copy));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^changed: ${ROMA.replaceAll(".", "\\.")} \\(SHA-256 [0-9a-f]{64}, \\d+ bytes; the manifest says [0-9a-f]{64}, \\d+ bytes\\)\\n$`,
      ),
    );
  });

  it("fails a package whose signature was deleted and whose manifest and checksum were rewritten: unsigned", async () => {
    const copy = await copyOf("politie");
    await rm(path.join(copy, "manifest.json.sig"));
    await flipByte(path.join(copy, ROMA));
    await forgeManifest(copy, ROMA);
    const result = await runCli(withKey(copy));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "unsigned: manifest.json.sig is missing, but a key was given: the office signs every package, so this one is not as sent\n",
    );
    // Without the key only an accidental change can be caught: the forgery is consistent.
    expect((await runCli(["verify", copy])).code).toBe(0);
  });

  it("fails a manifest edited under its signature, even with its checksum updated: wrongly signed", async () => {
    const copy = await copyOf("politie");
    await flipByte(path.join(copy, ROMA));
    await forgeManifest(copy, ROMA);
    const result = await runCli(withKey(copy));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "wrongly signed: manifest.json.sig does not match manifest.json with the given public key: the manifest was edited, or signed with another key\n",
    );
    const unkeyed = await runCli(["verify", copy]);
    expect(unkeyed.code).toBe(1);
    expect(unkeyed.stderr).toBe(
      "unchecked: manifest.json.sig: give the office's public key with --key-file (or FACTSHEETS_VERIFY_KEY_FILE) to check the signature\n",
    );
  });

  it("fails a package re-signed with another key: wrongly signed", async () => {
    const copy = await copyOf("politie");
    await flipByte(path.join(copy, ROMA));
    const text = await forgeManifest(copy, ROMA);
    const forger = generateKeyPairSync("ed25519");
    await writeFile(
      path.join(copy, "manifest.json.sig"),
      `ed25519 ${sign(null, Buffer.from(text), forger.privateKey).toString("base64")}\n`,
    );
    const result = await runCli(withKey(copy));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^wrongly signed: /);
  });

  it("refuses the old shared HMAC key, in distribute and in verify, saying what to use instead", async () => {
    const verify = await runCli(["verify", path.join(out, "distribution", "politie")], undefined, {
      FACTSHEETS_SIGNING_KEY: "k",
    });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toBe(
      [
        "factsheets: FACTSHEETS_SIGNING_KEY: this shared HMAC key is no longer used",
        "  why: anyone who can check an HMAC signature can also forge one; manifests are now signed with Ed25519, and agencies check them with the office's public key, which cannot sign",
        "  fix: unset FACTSHEETS_SIGNING_KEY and give the office's Ed25519 public key with --key-file or FACTSHEETS_VERIFY_KEY_FILE",
        "",
      ].join("\n"),
    );
    const distribute = await runCli(
      ["distribute", "--content", await copyToTemp(CONTENT), "--out", await tempDir()],
      undefined,
      { FACTSHEETS_SIGNING_KEY: "k" },
    );
    expect(distribute.code).toBe(1);
    expect(distribute.stderr).toContain(
      "fix: unset FACTSHEETS_SIGNING_KEY and set FACTSHEETS_SIGNING_KEY_FILE to the office's Ed25519 private key file\n",
    );
  });

  it("says so when the key file is not a key", async () => {
    const result = await runCli([
      "verify",
      "--key-file",
      path.join(ROOT, "README.md"),
      path.join(out, "distribution", "politie"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^factsheets: .+README\.md: this is not a PEM public key: .+\n {2}why: packages are signed and checked with it\n {2}fix: see docs\/engineering\.md, "Signatures"/,
    );
  });
});

describe("verify: every entry at any depth", () => {
  it("fails an extra file in a subfolder of a package folder", async () => {
    const copy = await copyOf("politie");
    await mkdir(path.join(copy, "bijlagen"));
    await cp(path.join(copy, ROMA), path.join(copy, "bijlagen", ROMA));
    const result = await runCli(withKey(copy));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `extra: bijlagen/ (a folder; not in the manifest)\nextra: bijlagen/${ROMA} (not in the manifest)\n`,
    );
  });

  it("fails an extra symbolic link, and a listed file replaced by a link to an identical copy", async () => {
    const copy = await copyOf("politie");
    const elsewhere = path.join(await tempDir(), ROMA);
    await cp(path.join(copy, ROMA), elsewhere);
    await symlink(elsewhere, path.join(copy, "extra.pdf"));
    await rm(path.join(copy, ROMA));
    await symlink(elsewhere, path.join(copy, ROMA));
    const result = await runCli(withKey(copy));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `changed: ${ROMA} is a symbolic link, not a file\nextra: extra.pdf (a symbolic link; not in the manifest)\n`,
    );
  });

  /** The politie package's entries, as a zip would hold them. */
  async function politieEntries(): Promise<{ name: string; data: Buffer }[]> {
    const folder = path.join(out, "distribution", "politie");
    const names = (await readdir(folder)).sort();
    return Promise.all(names.map(async (name) => ({ name, data: await readFile(path.join(folder, name)) })));
  }

  async function verifyZip(entries: readonly ZipEntry[], memory = false): Promise<CliRun & { maxRssMib: number }> {
    const zip = path.join(await tempDir(), "politie.zip");
    await writeFile(zip, await makeZip(entries));
    const args = [
      ...(memory ? ["--import", path.join(ROOT, "tests", "helpers", "max-rss.mjs")] : []),
      CLI,
      ...withKey(zip),
    ];
    return new Promise((resolve) => {
      execFile(process.execPath, args, { env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
        const rss = /^max-rss-kib (\d+)\n/m.exec(stderr);
        resolve({
          code: error && typeof error.code === "number" ? error.code : 0,
          stdout,
          stderr: stderr.replace(/^max-rss-kib \d+\n/m, ""),
          maxRssMib: rss ? Number(rss[1]) / 1024 : Number.NaN,
        });
      });
    });
  }

  it("fails a zip that holds a PDF twice, the tampered copy first and the original last", async () => {
    const entries = await politieEntries();
    const original = entries.find((entry) => entry.name === ROMA);
    const tampered = Buffer.from(original?.data ?? "");
    tampered[600] = (tampered[600] ?? 0) ^ 1;
    const result = await verifyZip([{ name: ROMA, data: tampered }, ...entries]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `duplicate: ${ROMA} (2 entries with this name; an unzip tool may extract any of them)\n`,
    );
  });

  it("fails a zip with an extra entry in a folder and an extra symbolic link", async () => {
    const entries = await politieEntries();
    const result = await verifyZip([
      ...entries,
      { name: `bijlagen/${ROMA}`, data: Buffer.from("x") },
      { name: "link.pdf", data: Buffer.from(ROMA), mode: 0o120777 },
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `extra: bijlagen/${ROMA} (not in the manifest)\nextra: link.pdf (a symbolic link; not in the manifest)\n`,
    );
  });

  it("fails an entry whose data is larger than the zip's directory says, without reading it whole", async () => {
    const zip = await makeZip(await politieEntries());
    // Patch the central directory: the PDF's uncompressed size now claims 1000 bytes.
    for (let offset = zip.indexOf(0x50); offset >= 0; offset = zip.indexOf(0x50, offset + 1)) {
      if (zip.readUInt32LE(offset) !== 0x02014b50) continue;
      const nameLength = zip.readUInt16LE(offset + 28);
      if (zip.toString("utf8", offset + 46, offset + 46 + nameLength) === ROMA) zip.writeUInt32LE(1000, offset + 24);
    }
    const file = path.join(await tempDir(), "politie.zip");
    await writeFile(file, zip);
    const result = await runCli(withKey(file));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^changed: ${ROMA.replaceAll(".", "\\.")} cannot be read: too many bytes in the stream`),
    );
  });

  it("fails a 512 MiB entry in place of a PDF at once, with memory flat", async () => {
    const entries = await politieEntries();
    const huge = 512 * 1024 * 1024;
    const result = await verifyZip(
      [
        ...entries.filter((entry) => entry.name !== ROMA),
        { name: ROMA, zeros: huge },
        { name: "extra.bin", zeros: huge },
      ],
      true,
    );
    expect(result.code).toBe(1);
    const bytes = entries.find((entry) => entry.name === ROMA)?.data.length;
    expect(result.stderr).toBe(
      `changed: ${ROMA} (${huge} bytes; the manifest says ${bytes} bytes; not read)\nextra: extra.bin (not in the manifest)\n`,
    );
    // The whole process, Node included: far below the entry's size (reading it whole took over 1 GiB).
    expect(result.maxRssMib).toBeLessThan(200);
  });
});

describe("the distribution list is validated like the content", () => {
  it("points an unknown group at its line and column and suggests the slug", async () => {
    const content = await copyToTemp(CONTENT);
    const list = path.join(content, "agencies.yml");
    await writeFile(
      list,
      (await readFile(list, "utf8")).replace(
        "groups: [uitbuiting-binnen-families, productieketens]",
        "groups: [uitbuiting-binnen-families, productieketen]",
      ),
    );
    const result = await runCli(["distribute", "--content", content, "--out", await tempDir()], content);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'agencies.yml:22:42: fout: geen groep heeft de slug "productieketen"',
        "  waarom: een instantie kan alleen groepen uit het rapport ontvangen: isis, anorexia-nervosa, uitbuiting-binnen-families, roma-kinderen, productieketens, lhbt-kinderen, syrische-kindbruiden",
        '  oplossing: bedoelt u "productieketens"?',
        "  (regel agencies/unknown-group)",
        "1 fout, 0 waarschuwingen",
        "Er is niets geschreven: de bestanden en pakketten van de vorige keer zijn ongewijzigd.",
        "",
      ].join("\n"),
    );
  });
});

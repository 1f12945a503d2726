#!/usr/bin/env python3
"""Compile the word lists in data/ into src/lexicon_data.inc.

usage: gen_lexicon.py DATA_DIR > src/lexicon_data.inc

Every word form becomes one entry of an open-addressing hash table keyed
by the lower-cased form, so the library looks a word up with one hash and
usually one comparison. The key is the word's bytes packed into two 64-bit
integers (byte i at bits 8*(i%8) of integer i/8, zero padded), so that a
comparison is two integer compares; the hash multiplies them (lexicon.c).
Verbs are inflected here (adds, added, adding), so the data files list
each verb once. Duplicate or contradictory entries are errors: each line
of data is meant to be one fact about English.
"""
import os
import sys

# Must match src/lexicon.h.
FLAGS = {
    "cue": 1 << 0, "title": 1 << 1, "pronoun": 1 << 2, "time": 1 << 3,
    "org": 1 << 4, "role": 1 << 5, "phrase": 1 << 6, "det": 1 << 7,
    "prep": 1 << 8, "conj": 1 << 9, "aux": 1 << 10, "adv": 1 << 11,
    "neg": 1 << 12, "comp": 1 << 13, "wh": 1 << 14, "other": 1 << 15,
    "abbr": 1 << 16, "content": 1 << 17, "subj": 1 << 18, "obj": 1 << 19,
    "particle": 1 << 20, "suffix": 1 << 21, "titlemark": 1 << 22,
    "hearer": 1 << 23, "bare": 1 << 24, "postmod": 1 << 25, "relation": 1 << 26,
    "to": 1 << 27, "coord": 1 << 28, "surname": 1 << 29,
    "number": 1 << 30, "question": 1 << 31,
}
TAGS = ("hearer", "bare", "to", "question")
# Verb tags kept in lex_entry.takes, as the flags have no bit left. Must
# match enum lex_takes in src/lexicon.h.
TAKES = {"ing": 1}
CUE_CLASS = {"speech": 1, "write": 2, "think": 3, "name": 4,
             "source": 5, "manner": 6, "content": 7, "dialogue": 8}
FORM = {"base": 1, "3sg": 2, "past": 3, "ing": 4}
GENDER = {"none": 0, "female": 1, "male": 2}
# Must match enum lex_alone in src/lexicon.h.
ALONE = {"sg": 1, "pl": 2}


def fail(path, n, msg):
    sys.exit(f"{path}:{n}: {msg}")


def read(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if line:
                yield n, line


def inflect(base, double):
    stem = base + base[-1] if double else base
    if base.endswith("e"):
        return base + "s", base + "d", base[:-1] + "ing"
    if len(base) > 1 and base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es", base + "ed", base + "ing"
    return base + "s", stem + "ed", stem + "ing"


def verb_forms(base, irregular, path, n):
    """[(form, kind)] of a verb: base, 3sg, -ing and past forms. A "+" on
    BASE doubles its final consonant; IRREGULAR lists 3sg, past,
    participle and -ing."""
    double = base.endswith("+")
    base = base.rstrip("+")
    if irregular:
        f = [x.strip() for x in irregular.split(",")]
        if len(f) != 4:
            fail(path, n, "irregular verbs list 4 forms: 3sg, past, participle, -ing")
        s3, past, part, ing = f
        pasts = [past, part]
    else:
        s3, past, ing = inflect(base, double)
        pasts = [past]
    return [(base, "base"), (s3, "3sg"), (ing, "ing")] + [(p, "past") for p in pasts]


class Table:
    def __init__(self):
        self.entries = {}
        self.source = {}

    def get(self, word):
        return self.entries.setdefault(word, {"flags": 0, "cue": 0, "form": 0,
                                              "gender": 0, "plural": 0, "alone": 0, "takes": 0,
                                              "canon": None})

    def add(self, word, flag, where, **fields):
        e = self.get(word)
        for k, v in fields.items():
            if e[k] and v and e[k] != v:
                fail(*where, f"'{word}' has {k} {e[k]} already, now {v}")
            if v:
                e[k] = v
        e["flags"] |= FLAGS[flag]


def load(data):
    t = Table()
    phrases = []
    path = os.path.join(data, "cues.txt")
    for n, line in read(path):
        head, _, irregular = line.partition(":")
        parts = head.split()
        cls = CUE_CLASS[parts[1] if len(parts) > 1 else "speech"]
        tags = parts[2:]
        for tag in tags:
            if tag not in TAGS and tag not in TAKES:
                fail(path, n, f"unknown tag '{tag}'")
        for w, form in verb_forms(parts[0], irregular, path, n):
            e = t.get(w)
            if e["flags"] & FLAGS["cue"] and e["cue"] != cls:
                fail(path, n, f"'{w}' is already a cue of another class")
            e["flags"] |= FLAGS["cue"]
            for tag in tags:
                if tag in TAKES:
                    e["takes"] |= TAKES[tag]
                else:
                    e["flags"] |= FLAGS[tag]
            e["cue"] = cls
            if not e["form"]:
                e["form"] = FORM[form]
    path = os.path.join(data, "content_verbs.txt")
    for n, line in read(path):
        head, _, irregular = line.partition(":")
        parts = head.split()
        if len(parts) > 2:
            fail(path, n, "a verb and at most one preposition")
        forms = verb_forms(parts[0], irregular, path, n)
        for w, _form in forms:
            if len(parts) == 2:
                phrases.append(([w, parts[1]], CUE_CLASS["content"]))
                t.get(w)["flags"] |= FLAGS["phrase"]
            else:
                t.get(w)["flags"] |= FLAGS["content"]
    path = os.path.join(data, "cue_phrases.txt")
    for n, line in read(path):
        words = line.split()
        cls = CUE_CLASS[words[-1]] if words[-1] in CUE_CLASS else CUE_CLASS["speech"]
        if words[-1] in CUE_CLASS:
            words = words[:-1]
        if len(words) < 2 or len(words) > 6:
            fail(path, n, "a phrase has 2 to 6 words")
        phrases.append((words, cls))
        t.get(words[0])["flags"] |= FLAGS["phrase"]
    for name, flag in [("titles.txt", "title"), ("roles.txt", "role")]:
        path = os.path.join(data, name)
        for n, line in read(path):
            w = line.split()
            if len(w) == 3 and w[1] == "=":
                # "sen = senator": a shortened form, so a period after it
                # ends no sentence; "senator." does.
                t.add(w[0], flag, (path, n))
                t.add(w[0], "abbr", (path, n))
                t.get(w[0])["canon"] = w[2]
                continue
            t.add(w[0], flag, (path, n), gender=GENDER[w[1]] if len(w) > 1 else 0)
    path = os.path.join(data, "pronouns.txt")
    for n, line in read(path):
        w, g, num, case = line.split()
        t.add(w, "pronoun", (path, n), gender=GENDER[g], plural=1 if num == "pl" else 0)
        if case in ("subj", "obj"):
            t.add(w, case, (path, n))
        elif case != "other":
            fail(path, n, f"case is subj, obj or other, not '{case}'")
    for name, flag in [("time_words.txt", "time"), ("org_words.txt", "org"),
                       ("abbreviations.txt", "abbr"), ("name_particles.txt", "particle"),
                       ("name_suffixes.txt", "suffix"), ("title_markers.txt", "titlemark"),
                       ("relation_words.txt", "relation")]:
        path = os.path.join(data, name)
        for n, line in read(path):
            w, *tags = line.split()
            t.add(w, flag, (path, n))
            for tag in tags:
                if (flag, tag) not in (("time", "surname"), ("abbr", "number")):
                    fail(path, n, f"unknown tag '{tag}' in {name}")
                t.add(w, tag, (path, n))
    path = os.path.join(data, "function_words.txt")
    for n, line in read(path):
        w, cls, *tags = line.split()
        t.add(w, cls, (path, n))
        for tag in tags:
            if cls == "det" and tag in ALONE:
                t.get(w)["alone"] = ALONE[tag]
                continue
            if (cls, tag) not in (("prep", "postmod"), ("conj", "coord")):
                fail(path, n, f"unknown tag '{tag}' for a {cls}")
            t.add(w, tag, (path, n))
    return t, phrases


# Keys and hash as lex_lookup() in src/lexicon.c computes them.
KEY_BYTES = 16
HASH_MUL = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)
MASK64 = (1 << 64) - 1


def key(word):
    b = word.encode("utf-8")
    if len(b) > KEY_BYTES:
        sys.exit(f"'{word}' is longer than {KEY_BYTES} bytes, the size of a lexicon key")
    k = [0, 0]
    for i, c in enumerate(b):
        k[i // 8] |= c << (8 * (i % 8))
    return k


def slot(k, bits):
    return (((k[0] * HASH_MUL[0]) ^ (k[1] * HASH_MUL[1])) & MASK64) >> (64 - bits)


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    t, phrases = load(sys.argv[1])
    words = sorted(t.entries)
    bits = 1
    while (1 << bits) < len(words) * 2:
        bits += 1
    size = 1 << bits
    slots = [-1] * size
    for i, w in enumerate(words):
        h = slot(key(w), bits)
        while slots[h] >= 0:
            h = (h + 1) & (size - 1)
        slots[h] = i
    out = sys.stdout
    out.write("/* Generated by tools/gen_lexicon.py from the files in data/. Do not edit. */\n")
    out.write(f"#define LEX_TABLE_BITS {bits}u\n")
    out.write(f"#define LEX_TABLE_SIZE {size}u\n")
    out.write(f"#define LEX_HASH_MUL0 0x{HASH_MUL[0]:X}u\n")
    out.write(f"#define LEX_HASH_MUL1 0x{HASH_MUL[1]:X}u\n")
    out.write(f"#define LEX_MAX_LEN {max(len(w.encode()) for w in words)}u\n")
    phrases.sort(key=lambda p: (p[0][0], [-len(p[0])] + p[0]))
    first_of = {}
    for k, (ws, _cls) in enumerate(phrases):
        first_of.setdefault(ws[0], [k, 0])[1] += 1
    index = {w: i for i, w in enumerate(words)}
    out.write("static const lex_entry lex_entries[] = {\n")
    for w in words:
        e = t.entries[w]
        pf, pn = first_of.get(w, [0, 0])
        canon = index[e["canon"]] if e["canon"] else index[w]
        out.write(f"    {{{c_str(w)}, {len(w.encode())}, 0x{e['flags']:x}u, {e['cue']}, "
                  f"{e['form']}, {e['gender']}, {e['plural']}, {e['alone']}, {e['takes']}, {pf}, {pn}, {canon}}},\n")
    out.write("};\n")
    out.write("/* The key of each entry, in the order of lex_entries. */\n")
    out.write("static const uint64_t lex_keys[][2] = {\n")
    for w in words:
        k = key(w)
        out.write(f"    {{0x{k[0]:x}u, 0x{k[1]:x}u}},\n")
    out.write("};\n")
    out.write("static const int16_t lex_slots[LEX_TABLE_SIZE] = {\n")
    for i in range(0, size, 16):
        out.write("    " + ", ".join(str(s) for s in slots[i:i + 16]) + ",\n")
    out.write("};\n")
    out.write("static const lex_phrase lex_phrases_data[] = {\n")
    for words_, cls in phrases:
        ws = ", ".join(c_str(w) for w in words_)
        out.write(f"    {{{{{ws}}}, {len(words_)}, {cls}}},\n")
    out.write("};\n")


if __name__ == "__main__":
    main()

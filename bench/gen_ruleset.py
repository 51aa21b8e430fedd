#!/usr/bin/env python3
"""Writes a valid regel ruleset of N definitions, for compile-scaling measurements and tests.

Usage: gen_ruleset.py N OUT.regel [CASE.json]

The definitions form a binary tree: v_i = v_(2i+1) + v_(2i+2), so every definition is used, the
decision reaches all of them and the reference depth stays log2(N). The leaves read the input, a
parameter table and a constant parameter; every seventh leaf has an exception and every fifth
leaf reads a condition (villkor) with `om`. With a case file, a matching JSON case is written
and the expected amount in öre printed.
"""
import json
import sys


# The header, the input and the parameters the leaves read.
def header(out):
    out.write('regelverk Skalning\n  version "gen.1"\n  lagrum "1 § skalningslagen"\n\n')
    out.write('indata Ansökan {\n  inkomst: belopp\n  ålder: heltal\n}\n\n')
    out.write('parameter norm(ålder: heltal): belopp\n  lagrum "2 § skalningslagen"\n')
    out.write('  gäller från 2020-01-01\n    källa "genererad"\n    :\n    tabell\n')
    out.write('      0 till 17:  1 000 kr\n      18 till 64: 2 000 kr\n      från 65:    1 500 kr\n\n')
    out.write('parameter tillägg: belopp\n  lagrum "3 § skalningslagen"\n')
    out.write('  gäller från 2020-01-01\n    källa "genererad"\n    : 1 kr\n\n')


# One definition: an inner node adds its two children, a leaf reads the input and the tables.
def definition(out, i, n):
    left, right = 2 * i + 1, 2 * i + 2
    if left >= n and i % 5 == 4:
        out.write(f'villkor c{i}\n  lagrum "4 § skalningslagen"\n  = ålder >= {i % 90}\n\n')
    out.write(f'värde v{i}: belopp\n  lagrum "5 § skalningslagen"\n')
    if right < n:
        out.write(f'  = v{left} + v{right}\n')
    elif left < n:
        out.write(f'  = v{left} + tillägg\n')
    elif i % 5 == 4:
        out.write(f'  = om c{i} så norm(ålder) annars inkomst + {i % 100} kr\n')
    else:
        out.write(f'  = inkomst + tillägg + {i % 1000} kr\n')
    if right >= n and i % 7 == 0:
        out.write(f'  undantag u{i} om inkomst > {i % 5000} kr:\n    lagrum "6 § skalningslagen"\n    = 0 kr\n')
    out.write('\n')


# The amount the decision must give for the generated case (inkomst 1 234,50 kr, ålder 40), in
# öre, computed independently of regel from the same tree.
def expected(n, income=123450, age=40):
    v = [0] * n
    for i in reversed(range(n)):
        left, right = 2 * i + 1, 2 * i + 2
        if right < n:
            x = v[left] + v[right]
        elif left < n:
            x = v[left] + 100
        elif i % 5 == 4:
            x = 200000 if age >= i % 90 else income + (i % 100) * 100
        else:
            x = income + 100 + (i % 1000) * 100
        if right >= n and i % 7 == 0 and income > (i % 5000) * 100:
            x = 0
        v[i] = x
    return v[0]


def main():
    n = int(sys.argv[1])
    with open(sys.argv[2], 'w', encoding='utf-8') as out:
        header(out)
        for i in range(n):
            definition(out, i, n)
        out.write('beslut\n  bifall med v0 om v0 > 0 kr\n  avslag annars\n    skäl "Inget belopp."\n')
    if len(sys.argv) > 3:
        with open(sys.argv[3], 'w', encoding='utf-8') as case:
            json.dump({"inkomst": 1234.5, "ålder": 40}, case, ensure_ascii=False)
        print(expected(n))


if __name__ == '__main__':
    main()

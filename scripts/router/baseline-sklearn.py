#!/usr/bin/env python3
"""Independent reference point for the scorer's APGR target: a textbook TF-IDF + logistic-regression
router built with scikit-learn, not with this project's code.

Word 1-2-grams, sublinear tf, min_df 2; label = strong.score > weak.score; trained either on the split's
own *_train file ("per-source") or on all four ("pooled"); scored on each *_dev file with the data set's
own eval_router.py. Needs scikit-learn (Debian: apt-get install python3-sklearn). Not part of CI.

    /usr/bin/python3 scripts/router/baseline-sklearn.py [C ...]     (default C = 0.1 1)
Results: data/router/README.md, "Reference points".
"""
import json
import os
import subprocess
import sys
import tempfile

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/data/routing')
SOURCES = ['routellm_mmlu', 'routellm_gsm8k', 'mmlu_pro_flash_pro', 'mmlu_pro_llama8b_70b']


def text(message):
    content = message['content']
    return content if isinstance(content, str) else ' '.join(p.get('text', '') for p in content)


def load(name):
    with open(os.path.join(DATA, name), encoding='utf-8') as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows, [' '.join(text(m) for m in r['messages']) for r in rows]


def apgr(source, rows, scores):
    with tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False) as f:
        for r, s in zip(rows, scores):
            f.write(json.dumps({'id': r['id'], 'score': float(s)}) + '\n')
    out = subprocess.run([sys.executable, os.path.join(DATA, 'eval_router.py'), os.path.join(DATA, f'{source}_dev.jsonl'),
                          f.name, '--json-only'], capture_output=True, text=True, check=True)
    os.unlink(f.name)
    return json.loads(out.stdout.strip().splitlines()[-1])['router']['APGR']


def main():
    splits = {s: (load(f'{s}_train.jsonl'), load(f'{s}_dev.jsonl')) for s in SOURCES}
    for c in [float(a) for a in sys.argv[1:]] or [0.1, 1.0]:
        for mode in ['per-source', 'pooled']:
            result = []
            for s in SOURCES:
                train = [pair for t in (SOURCES if mode == 'pooled' else [s]) for pair in zip(*splits[t][0])]
                vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
                x = vec.fit_transform([t for _, t in train])
                y = [int(r['strong']['score'] > r['weak']['score']) for r, _ in train]
                model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
                dev_rows, dev_text = splits[s][1]
                result.append(apgr(s, dev_rows, model.predict_proba(vec.transform(dev_text))[:, 1]))
            print(f'C={c:<5} {mode:<10} ' + ' '.join(f'{a:.3f}' for a in result) + f'  mean {sum(result) / len(result):.3f}', flush=True)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Hostile additions to a course made by seventh_course.py: KIND BASE OUT copies BASE to OUT and adds
big2mb (a 2 MB chapter), big1mb (a chapter under 1 MiB with terms on every line), term100k (one
term used 100,000 times), headings20k / headings20k-rep (20,000 headings), mod5000 (a folder of
5,000 chapters without index.md) or mod5000idx (the same with one)."""
import os,sys,shutil,re,random
kind,base,out=sys.argv[1:4]
if os.path.exists(out): shutil.rmtree(out)
shutil.copytree(base,out)
C=os.path.join(out,'content')
rng=random.Random(3)
para="顾客订单商品物流退款售后沟通服务质量价格优惠评价包装仓库店铺平台规则流程问题回复。\n"
if kind=='big2mb':   # chapter of 2 MB (over the 1 MiB limit)
    open(os.path.join(C,'0001-mod-1','0099-big.md'),'w').write('---\ntitle: "big"\n---\n\n'+('\n'.join([para*3]*1)+'\n')*int(2_000_000/ (len(para.encode())*3+1)))
if kind=='big1mb':   # chapter just under 1 MiB, a term on every line (dense shape base)
    c1=open(os.path.join(C,'0001-mod-1','0001-ch-1.md'),encoding='utf-8').read()
    names=re.findall(r'- name: "(.*)"',c1)
    # gather names from many chapters
    allnames=[]
    for root,ds,fs in os.walk(C):
        for f in fs:
            if f.endswith('.md'):
                allnames+=re.findall(r'- name: "(.*)"',open(os.path.join(root,f),encoding='utf-8').read())
    lines=[];size=0
    while size<1_040_000:
        l=rng.choice(allnames)+'顾客订单商品'+rng.choice(allnames)+'物流退款。'
        lines.append(l); size+=len(l.encode())+2
        if len(lines)%3==0: lines.append(''); size+=1
    open(os.path.join(C,'0001-mod-1','0099-big.md'),'w').write('---\ntitle: "big"\n---\n\n'+'\n'.join(lines)+'\n')
if kind=='term100k':  # one term used 100,000 times across the course (spread over every chapter)
    files=[os.path.join(r,f) for r,ds,fs in os.walk(C) for f in fs if f.endswith('.md') and f!='index.md']
    files.sort()
    # define the term in the first chapter
    p=files[0]; t=open(p,encoding='utf-8').read()
    if 'terms:\n' in t.split('\n---\n')[0]:
        t=t.replace('terms:\n','terms:\n  - name: "万用词"\n    level: 3\n    definition: "用十万次的术语。"\n',1)
    else:
        t=t.replace('\n---\n','\nterms:\n  - name: "万用词"\n    level: 3\n    definition: "用十万次的术语。"\n---\n',1)
    open(p,'w',encoding='utf-8').write(t)
    per=100000//len(files)+1
    for p in files:
        t=open(p,encoding='utf-8').read()
        extra='\n\n'+'\n'.join('这一行用到万用词和顾客。' for _ in range(per))+'\n'
        i=t.find('\n## ',t.index('\n---\n',4))  # before first heading body
        t=t+extra if i<0 else t[:i]+extra+t[i:]
        open(p,'w',encoding='utf-8').write(t)
if kind=='headings20k' or kind=='headings20k-rep':
    rep=kind.endswith('rep')
    hs=[('## 概述' if rep else f'## 小节 {i}') for i in range(20000)]
    open(os.path.join(C,'0001-mod-1','0099-heads.md'),'w').write('---\ntitle: "heads"\n---\n\n'+'\n'.join(hs)+'\n'+('[last](#概述-19999)\n' if rep else '[last](#小节-19999)\n'))
if kind=='mod5000':   # a module folder with 5,000 chapters and nothing else (no index.md)
    d=os.path.join(C,'9999-orphans'); os.makedirs(d)
    for i in range(5000):
        open(os.path.join(d,f'{i:04d}-c.md'),'w').write(f'---\ntitle: "孤 {i}"\n---\n\n'+para*20)
if kind=='mod5000idx':  # same, with an index.md: one module of 5,000 small chapters and nothing else
    d=os.path.join(C,'9999-solo'); os.makedirs(d)
    open(os.path.join(d,'index.md'),'w').write('---\ntitle: "solo"\n---\n')
    for i in range(5000):
        open(os.path.join(d,f'{i:04d}-c{i}.md'),'w').write(f'---\ntitle: "独 {i}"\n---\n\n'+para*20)
print("made",kind,out)

/* assets.c: the one stylesheet and the little script of the pages, served
 * from /static/.  The pages work without the script; it only adds
 * drag-and-drop, the list of chosen files, a size check before sending and a
 * progress bar.  No external resource: system fonts, no CDN. */
#include <string.h>

#include "../xlsxcheck.h"
#include "handlers.h"
#include "web.h"

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Woverlength-strings"
#endif

static const char style_css[] =
    ":root{--ink:#1b1b1b;--muted:#555;--line:#c8c8c8;--bg:#f4f5f7;--brand:#0b4f8a;--focus:#ffbf47;"
    "--err-bg:#FFC7CE;--err:#9C0006;--warn-bg:#FFEB9C;--warn:#9C6500;--ok-bg:#C6EFCE;--ok:#006100}\n"
    "*{box-sizing:border-box}\n"
    "html{font-family:\"Segoe UI\",Arial,\"Noto Sans\",sans-serif;font-size:16px;line-height:1.5;color:var(--ink);background:#fff}\n"
    "body{margin:0;padding:0;max-width:none;font-size:16px}\n"
    ".wrap{max-width:1100px;margin:0 auto;padding:0 1rem}\n"
    "a{color:var(--brand)}a:hover{color:#073460}\n"
    "a:focus,button:focus,input:focus,summary:focus,select:focus{outline:3px solid var(--focus);outline-offset:1px}\n"
    ".skip{position:absolute;left:-999px;top:0;background:var(--focus);color:#000;padding:.5rem}.skip:focus{left:0}\n"
    "header.site{background:var(--brand);color:#fff}\n"
    "header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.6rem 1rem}\n"
    "header.site a{color:#fff;text-decoration:none}\n"
    ".brand{font-weight:700;font-size:1.2rem}.brand span{font-weight:400;font-size:.95rem;opacity:.9;margin-left:.4rem}\n"
    "header.site nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}\n"
    "header.site nav a{padding:.2rem 0;border-bottom:3px solid transparent}\n"
    "header.site nav a[aria-current=page],header.site nav a:hover{border-bottom-color:#fff}\n"
    "header.site .lang{margin-left:auto;font-size:.9rem;border:1px solid #fff;border-radius:3px;padding:.1rem .5rem}\n"
    "main{padding:1.5rem 1rem 3rem}\n"
    "h1{font-size:1.8rem;line-height:1.25;margin:.6rem 0 1rem}h2{font-size:1.35rem;margin:1.8rem 0 .6rem;border-bottom:0}h3{font-size:1.1rem;margin:1.2rem 0 .4rem}\n"
    ".lead{font-size:1.1rem;max-width:45em}.muted{color:var(--muted)}\n"
    ".doors{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:1rem;margin:1.5rem 0}\n"
    ".door{border:1px solid var(--line);border-top:5px solid var(--brand);padding:1rem 1.2rem;background:#fff}\n"
    ".door h2{margin-top:0;font-size:1.2rem}.door p{margin:.4rem 0}\n"
    ".door .go{display:inline-block;margin-top:.5rem;font-weight:600}\n"
    "form.upload{border:1px solid var(--line);background:var(--bg);padding:1.2rem;margin:1rem 0;max-width:48em}\n"
    "form.upload label.field{display:block;font-weight:600;margin-bottom:.3rem}\n"
    ".hint{color:var(--muted);font-size:.95rem;margin:.2rem 0 .6rem}\n"
    ".drop{display:block;border:2px dashed #8a8a8a;background:#fff;padding:1.2rem;text-align:center;margin:.4rem 0 .8rem}\n"
    ".drop.over{border-color:var(--brand);background:#eaf2fb}\n"
    ".drop input[type=file]{max-width:100%}\n"
    ".chosen{list-style:none;padding:0;margin:.4rem 0;font-size:.95rem}.chosen li:before{content:\"\\1F4C4  \"}\n"
    "button,.button{display:inline-block;font:inherit;font-weight:600;background:#00703c;color:#fff;border:0;"
    "border-bottom:2px solid #002d18;padding:.5rem 1.1rem;cursor:pointer;text-decoration:none;margin:.2rem .4rem .2rem 0}\n"
    "button.secondary,.button.secondary{background:#e6e6e6;color:#0b0c0c;border-bottom-color:#929191}\n"
    "button:hover{filter:brightness(1.1)}\n"
    "progress{width:100%;height:1.2rem;margin:.6rem 0}\n"
    ".progress-text{font-size:.95rem}\n"
    ".notice{border-left:5px solid var(--brand);background:#eef4fa;padding:.6rem 1rem;margin:1rem 0;max-width:48em}\n"
    ".error-summary{border:4px solid var(--err);padding:1rem 1.2rem;margin:1rem 0}\n"
    ".error-summary h1,.error-summary h2{margin-top:0;font-size:1.3rem}\n"
    ".file{border:1px solid var(--line);margin:1.5rem 0;padding:0 1.2rem 1rem}\n"
    ".file>h2{margin-top:1rem;word-break:break-all}\n"
    "dl.read{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}dl.read dt{font-weight:600}dl.read dd{margin:0}\n"
    ".counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.6rem 0}\n"
    ".badge{display:inline-block;padding:.15rem .6rem;font-weight:600;border-radius:3px}\n"
    ".sev-error{background:var(--err-bg);color:var(--err)}.sev-warning{background:var(--warn-bg);color:var(--warn)}"
    ".sev-ok{background:var(--ok-bg);color:var(--ok)}.sev-info{background:#e8eef5;color:#1d3a5a}\n"
    ".sev-missing{background:#f3f2f1;color:#383f43;outline:1px dashed #6f777b}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}\n"
    "th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
    "th{background:#eceef1}\n"
    "tr{page-break-inside:avoid;break-inside:avoid}\n"
    "td.cell,td.rule{white-space:nowrap}\n"
    "details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}\n"
    ".group{border-left:5px solid var(--line);padding:.2rem .8rem;margin:.8rem 0}\n"
    ".group.error{border-left-color:var(--err)}.group.warning{border-left-color:#d4a300}\n"
    ".group h3{margin:.3rem 0}.fix{margin:.2rem 0 .4rem}.fix strong{color:#00703c}\n"
    ".downloads{display:flex;flex-wrap:wrap;gap:.4rem;margin:.8rem 0}\n"
    "ol.steps{margin:.3rem 0 .6rem}\n"
    ".fact{border-left:5px solid var(--line);padding:.3rem .9rem;margin:.8rem 0}\n"
    ".fact.error{border-left-color:var(--err)}.fact.warning{border-left-color:#d4a300}.fact.info{border-left-color:var(--brand)}\n"
    ".fact .where{font-weight:600}\n"
    "code,.mono{font-family:Consolas,\"DejaVu Sans Mono\",monospace;font-size:.92em}\n"
    ".nowrap{white-space:nowrap}\n"
    "footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding:1rem 0 2rem}\n"
    ".js-only{display:none}.js .js-only{display:block}\n"
    "@media print{header.site,footer.site,form.upload,.downloads,.lang,.skip{display:none}"
    "main{padding:0}details>*{display:block}.file{border:0;padding:0}a{color:#000;text-decoration:none}"
    "table{font-size:9pt}@page{size:A4 portrait;margin:15mm}}\n";

static const char app_js[] =
    "/* xlsxcheck: drag-and-drop, the chosen files, a size check and a progress bar; the pages work without it. */\n"
    "(function(){'use strict';\n"
    "document.documentElement.className+=' js';\n"
    "function fmt(n){return n>=1048576?(n/1048576).toFixed(1)+' MB':Math.max(1,Math.round(n/1024))+' KB';}\n"
    "function list(zone,input){var ul=zone.parentNode.querySelector('.chosen');if(!ul)return;ul.textContent='';"
    "for(var i=0;i<input.files.length;i++){var li=document.createElement('li');"
    "li.textContent=input.files[i].name+' ('+fmt(input.files[i].size)+')';ul.appendChild(li);}}\n"
    "function setup(form){var zone=form.querySelector('.drop'),input=form.querySelector('input[type=file]');"
    "if(!zone||!input)return;\n"
    "['dragenter','dragover'].forEach(function(t){zone.addEventListener(t,function(e){e.preventDefault();zone.classList.add('over');});});\n"
    "['dragleave','drop'].forEach(function(t){zone.addEventListener(t,function(e){e.preventDefault();zone.classList.remove('over');});});\n"
    "zone.addEventListener('drop',function(e){var f=e.dataTransfer&&e.dataTransfer.files;if(!f||!f.length)return;"
    "if(!input.multiple&&f.length>1){var dt=new DataTransfer();dt.items.add(f[0]);input.files=dt.files;}else input.files=f;"
    "list(zone,input);});\n"
    "input.addEventListener('change',function(){list(zone,input);});\n"
    "form.addEventListener('submit',function(e){var max=+form.getAttribute('data-max')||0,total=0;"
    "for(var i=0;i<input.files.length;i++)total+=input.files[i].size;"
    "var msg=form.querySelector('.progress-text'),bar=form.querySelector('progress');"
    "if(max&&total>max){e.preventDefault();if(msg){msg.textContent=form.getAttribute('data-too-big');msg.parentNode.hidden=false;}return;}\n"
    "var sub=e.submitter;if(sub&&sub.getAttribute('data-plain')!==null)return;\n"
    "if(!window.XMLHttpRequest||!window.FormData||!bar)return;\n"
    "e.preventDefault();var fd=new FormData(form);if(sub&&sub.name)fd.append(sub.name,sub.value);"
    "var x=new XMLHttpRequest();x.open('POST',form.getAttribute('action'));\n"
    "bar.parentNode.hidden=false;bar.value=0;\n"
    "x.upload.onprogress=function(ev){if(ev.lengthComputable){bar.max=ev.total;bar.value=ev.loaded;"
    "msg.textContent=form.getAttribute('data-sending')+' '+Math.round(100*ev.loaded/ev.total)+'%';}};\n"
    "x.upload.onload=function(){bar.removeAttribute('value');msg.textContent=form.getAttribute('data-working');};\n"
    "x.onload=function(){document.open();document.write(x.responseText);document.close();};\n"
    "x.onerror=function(){msg.textContent=form.getAttribute('data-failed');};\n"
    "x.send(fd);});}\n"
    "var forms=document.querySelectorAll('form.upload');for(var i=0;i<forms.length;i++)setup(forms[i]);\n"
    "})();\n";

int xc_web_static(xc_web_req *r) {
  const char *name = r->path + strlen("/static/");
  xc_web_add_header(r, "Cache-Control", "public, max-age=3600");
  if (strcmp(name, "style.css") == 0) { /* the findings renderer's rules, then the pages' own over them */
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_buf_adds(&b, xc_render_css());
    xc_buf_addc(&b, '\n');
    xc_buf_add(&b, style_css, sizeof style_css - 1);
    int rc = b.nomem ? xc_web_out_of_memory(r) : xc_web_send(r, 200, "text/css; charset=utf-8", b.data, b.len);
    xc_buf_free(&b);
    return rc;
  }
  if (strcmp(name, "app.js") == 0)
    return xc_web_send(r, 200, "text/javascript; charset=utf-8", app_js, sizeof app_js - 1);
  return xc_web_error(r, 404, "not_found", "Không có tệp này.", "There is no such file.");
}

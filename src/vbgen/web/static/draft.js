/* Drafting page: the form <-> JSON state, autosave to localStorage, debounced live preview,
   messages next to their fields, save with conflict handling. Content is only ever put into the
   page as text (textContent / value), never as HTML. */
"use strict";
(function () {
  var el = VB.el;
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var storeKey = "vbgen:draft:" + data.slug + "/" + data.stem;
  var form = VB.clone(data.form), baseForm = VB.clone(data.form), baseSha = data.sha;
  var agencies = data.agencies, byAgency = {};
  agencies.forEach(function (a) { byAgency[a.key] = a; });
  var citations = {};
  data.citations.forEach(function (c) { citations[c.key] = c; });
  var $ = function (id) { return document.getElementById(id); };
  var own = data.mode === "own";
  $("draft-form").addEventListener("submit", function (ev) { ev.preventDefault(); });

  // -- autosave: nothing typed is lost on reload or error ------------------------------------
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function persist() {
    var dirty = !same(form, baseForm);
    $("dirty").hidden = !dirty || !$("save");  // who may only read has nothing to save
    if (dirty) localStorage.setItem(storeKey, JSON.stringify({form: form, baseForm: baseForm, baseSha: baseSha, time: Date.now()}));
    else localStorage.removeItem(storeKey);
  }
  function banner(text, actions, kind) {
    var b = $("banner");
    b.textContent = "";
    b.className = "banner " + (kind || "");
    b.appendChild(el("span", {text: text}));
    (actions || []).forEach(function (a) { b.appendChild(el("button", {type: "button", text: a[0], on: {click: a[1]}})); });
    b.hidden = false;
  }
  try {
    var saved = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (saved && saved.form && !same(saved.form, data.form)) {
      form = saved.form; baseForm = saved.baseForm || baseForm; baseSha = saved.baseSha === undefined ? baseSha : saved.baseSha;
      var when = new Date(saved.time || Date.now());
      banner("Đã khôi phục bản nháp chưa lưu (lúc " + when.toLocaleTimeString("vi-VN") + ").", [["Bỏ bản nháp, dùng tệp đã lưu", function () {
        localStorage.removeItem(storeKey); form = VB.clone(data.form); baseForm = VB.clone(data.form); baseSha = data.sha;
        $("banner").hidden = true; renderAll(); changed();
      }]], "info");
    }
  } catch (e) { /* a broken entry is ignored */ }

  // -- simple fields ---------------------------------------------------------------------------
  var simple = {"f-number": "number", "f-year": "year", "f-symbol": "symbol", "f-storage": "storage", "f-subject": "subject"};
  var isoToDmy = VB.isoToDmy, dmyToIso = VB.dmyToIso;  // the date: dd/mm/yyyy on the page, ISO in the form
  function renderSimple() {
    Object.keys(simple).forEach(function (id) { $(id).value = form[simple[id]] || ""; });
    $("f-date").value = isoToDmy(form.date);
    $("f-date").placeholder = data.national.date ? "theo mẫu: " + isoToDmy(data.national.date) : "ngày/tháng/năm";
    $("f-number").placeholder = data.national.number ? "theo mẫu: " + data.national.number : "để trống: bản dự thảo";
    $("f-year").placeholder = data.national.year || "";
    $("f-symbol").placeholder = data.national.symbol || (data.kind === "chi_thi" ? "CT-UBND" : "KH-UBND");
    $("f-storage").placeholder = data.national.storage || "";
    $("f-subject").placeholder = data.national.subject;
    var sel = $("f-preset");
    sel.textContent = "";
    var def = data.presets.filter(function (p) { return p.key === data.national.signature_preset; })[0] || data.presets.filter(function (p) { return p.default; })[0];
    sel.appendChild(el("option", {value: "", text: "Theo văn bản mẫu" + (def ? " (" + def.label + ")" : "")}));
    data.presets.forEach(function (p) { sel.appendChild(el("option", {value: p.key, text: p.label})); });
    sel.value = form.signature.preset || "";
    $("f-signer").value = form.signature.name || "";
    $("f-signer").placeholder = data.national.signature_name || "để trống: bản dự thảo";
    renderSigLines();
    renderChoices();
    renderDraftHint();
  }
  // A draft (DỰ THẢO) prints number and date blank (Decree 30): say so beside those fields.
  function renderDraftHint() {
    $("draft-hint").hidden = !(form.draft === "true" || (!form.draft && data.national.draft));
  }
  function renderChoices() {
    var box = $("choices");
    box.textContent = "";
    (data.choices || []).forEach(function (c) {
      var sel = el("select", {"data-field": c.key, id: "f-" + c.key, on: {change: function () { form[c.key] = sel.value; renderDraftHint(); changed(); }}},
        [el("option", {value: "", text: (c.default_label || "Theo mẫu") + ": " + c.national})]);
      c.options.forEach(function (o) { sel.appendChild(el("option", {value: o.value, text: o.label})); });
      sel.value = form[c.key] || "";
      box.appendChild(el("label", {}, [c.label, sel]));
    });
  }
  function renderSigLines() {
    var key = form.signature.preset || data.national.signature_preset;
    var p = data.presets.filter(function (x) { return x.key === key; })[0] || data.presets.filter(function (x) { return x.default; })[0];
    $("sig-lines").textContent = p ? p.lines.join(" / ") + (form.signature.name ? " — " + form.signature.name : "") : "";
  }
  Object.keys(simple).forEach(function (id) {
    $(id).addEventListener("input", function () { form[simple[id]] = $(id).value; changed(); });
  });
  $("f-number").addEventListener("change", function () {
    var m = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec($("f-number").value);
    if (!m) return;
    form.number = m[1]; form.symbol = m[2]; $("f-number").value = m[1]; $("f-symbol").value = m[2]; changed();
  });
  $("f-date").addEventListener("input", function () { form.date = dmyToIso($("f-date").value); changed(); });
  $("f-preset").addEventListener("change", function () { form.signature.preset = $("f-preset").value; renderSigLines(); changed(); });
  $("f-signer").addEventListener("input", function () { form.signature.name = $("f-signer").value; renderSigLines(); changed(); });

  // -- legal bases -------------------------------------------------------------------------------
  function statusBadge(c) {
    return el("span", {"class": "status-badge s-" + c.status, text: c.status_vi + (c.verified ? "" : ", chưa xác minh")});
  }
  function renderBases() {
    var box = $("bases-list");
    box.textContent = "";
    if (!form.extra_bases.length) box.appendChild(el("span", {"class": "muted", text: "Chưa thêm căn cứ nào (căn cứ của văn bản mẫu vẫn giữ)."}));
    form.extra_bases.forEach(function (key, i) {
      var c = citations[key];
      var chip = el("div", {"class": "chip", "data-field": "extra_bases." + i}, [
        el("strong", {text: c ? c.short : key}), " ", c ? statusBadge(c) : el("span", {"class": "status-badge s-expired", text: "không có trong sổ"}),
        el("button", {type: "button", "class": "x", title: "Bỏ", text: "×", on: {click: function () { form.extra_bases.splice(i, 1); renderBases(); changed(); }}})
      ]);
      if (c && (c.status === "replaced" || c.status === "expired")) {
        var warn = el("div", {"class": "msg warning", text: c.status === "replaced" ? "Văn bản này đã bị thay thế" + (c.current ? " bởi " + citations[c.current].short : "") + "." : "Văn bản này đã hết hiệu lực."});
        if (c.current && form.extra_bases.indexOf(c.current) < 0) {
          warn.appendChild(el("button", {type: "button", "class": "small", text: "Thay bằng " + citations[c.current].short, on: {click: function () {
            form.extra_bases[i] = c.current; renderBases(); changed();
          }}}));
        }
        chip.appendChild(warn);
      }
      box.appendChild(chip);
    });
  }
  function searchBases() {
    var q = VB.fold($("bases-search").value.trim());
    var list = $("bases-results");
    list.textContent = "";
    if (!q) return;
    var words = q.split(/\s+/);
    data.citations.filter(function (c) {
      var hay = VB.fold([c.key, c.number, c.short, c.full].join(" "));
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }).slice(0, 12).forEach(function (c) {
      var taken = form.extra_bases.indexOf(c.key) >= 0;
      var li = el("li", {}, [
        el("div", {}, [el("strong", {text: c.short}), " ", statusBadge(c)]),
        el("div", {"class": "full", text: c.full}),
      ]);
      if (c.status === "replaced" && c.current) {
        li.appendChild(el("div", {"class": "msg warning", text: "Đã bị thay thế bởi " + citations[c.current].short + "."}));
        li.appendChild(el("button", {type: "button", "class": "small", text: "Thêm văn bản thay thế", on: {click: function () { addBase(c.current); }}}));
      }
      li.appendChild(el("button", {type: "button", "class": "small", text: "Chèn vào lời văn", on: {click: function () { insertCitation(c); }}}));
      li.appendChild(el("button", {type: "button", "class": "small add-base", text: taken ? "Đã có" : "Thêm làm căn cứ", disabled: taken, on: {click: function () { addBase(c.key); }}}));
      list.appendChild(li);
    });
    if (!list.children.length) list.appendChild(el("li", {"class": "muted", text: "Không tìm thấy văn bản nào."}));
  }
  function addBase(key) {
    if (form.extra_bases.indexOf(key) < 0) form.extra_bases.push(key);
    renderBases(); searchBases(); changed();
  }
  $("bases-search").addEventListener("input", searchBases);

  // -- the national text as printed: names resolved, citations as «tokens» (the server maps them back)
  function shownPara(part, i, text) { var sh = form[part].shown; return sh && sh[i] !== undefined ? sh[i] : text; }
  function shownSet(part, i, value) { if (!form[part].shown) form[part].shown = form[part].paragraphs.slice(); form[part].shown[i] = value; }
  var lastText = null;
  function remember(ev) { lastText = ev.target; }
  function insertCitation(c) {
    var ta = lastText;
    if (!ta || !document.body.contains(ta) || ta.disabled) { banner("Hãy bấm vào ô lời văn cần chèn trước, rồi chọn “Chèn vào lời văn”.", [], "info"); return; }
    var token = "«" + c.short + "»", at = ta.selectionStart || ta.value.length;
    ta.value = ta.value.slice(0, at) + token + ta.value.slice(ta.selectionEnd || at);
    ta.dispatchEvent(new Event("input"));
    ta.focus(); ta.selectionStart = ta.selectionEnd = at + token.length;
  }

  // -- preamble / closing ------------------------------------------------------------------------
  function renderParas(part) {
    var box = $(part), mine = form[part].own || own;
    $(part + "-own").checked = mine;
    $(part + "-add").hidden = !mine;
    box.textContent = "";
    var pbadge = mine && !own ? mark("own", part, part === "preamble" ? "Phần mở đầu" : "Phần kết") : null;
    if (pbadge) box.appendChild(el("p", {"class": "mark-line"}, [pbadge]));
    var pm = {}; if (pbadge) pm[part] = (part === "preamble" ? "Phần mở đầu" : "Phần kết") + ": " + MARKS.own;
    announceMarks(part, pm);
    if (!form[part].paragraphs.length && !mine) box.appendChild(el("p", {"class": "muted", text: "Văn bản mẫu không có phần này."}));
    form[part].paragraphs.forEach(function (text, i) {
      var ta = el("textarea", {rows: 4, "data-field": part + "." + i, "aria-label": (part === "preamble" ? "Phần mở đầu" : "Phần kết") + ", đoạn " + (i + 1), disabled: !mine, value: shownPara(part, i, text), on: {focus: remember, input: function () { form[part].paragraphs[i] = ta.value; shownSet(part, i, ta.value); changed(); }}});
      var row = el("div", {"class": "para"}, [ta]);
      if (pbadge) ta.setAttribute("aria-describedby", pbadge.id);
      if (mine) row.appendChild(el("button", {type: "button", "class": "x", title: "Xóa đoạn", "aria-label": "Xóa đoạn " + (i + 1), text: "×", on: {click: function () { form[part].paragraphs.splice(i, 1); if (form[part].shown) form[part].shown.splice(i, 1); renderParas(part); changed(); }}}));
      box.appendChild(row);
    });
  }
  ["preamble", "closing"].forEach(function (part) {
    $(part + "-own").addEventListener("change", function () { form[part].own = $(part + "-own").checked; renderParas(part); changed(); });
    $(part + "-add").addEventListener("click", function () { form[part].paragraphs.push(""); shownSet(part, form[part].paragraphs.length - 1, ""); renderParas(part); changed(); });
  });

  // -- focus stays on (or next to) the control that re-rendered its list ------------------------
  function keepFocus(render) {
    return function () {
      var a = document.activeElement, field = a && a.getAttribute && a.getAttribute("data-field");
      var holder = a && a.closest ? a.closest("[data-field]") : null;
      var around = holder && holder.getAttribute("data-field");
      var id = a && a.id;
      render.apply(null, arguments);
      var target = (field && document.querySelector('[data-field="' + field + '"]:not([disabled])')) ||
        (id && $(id)) || (around && document.querySelector('[data-field="' + around + '"]'));
      if (target && target !== document.activeElement) {
        if (!target.matches("input, select, textarea, button, a, [tabindex]")) target.setAttribute("tabindex", "-1");
        target.focus();
      }
    };
  }

  // -- marks: where the province's text will differ from the national one -------------------------
  // Visible (a badge), tied to the controls it is about (aria-describedby) and, when a clerk's
  // action changes one, announced in a polite live region ("Nhiệm vụ 3: Tỉnh bỏ").
  var MARKS = {edit: "Tỉnh đã sửa", remove: "Tỉnh bỏ", add: "Tỉnh thêm", own: "Tỉnh dùng lời văn riêng"};
  var shownMarks = {}, marksReady = false;
  function mark(kind, field, what) {
    var id = "mark-" + field.replace(/[^a-z0-9]+/gi, "-");
    var node = el("span", {"class": "diff-mark mark-" + kind, id: id, text: MARKS[kind], title: what + ": " + MARKS[kind].toLowerCase() + " so với văn bản mẫu"});
    node.setAttribute("data-mark", kind);
    node.setAttribute("aria-label", what + ": " + MARKS[kind]);
    return node;
  }
  function describedBy(node, markNode) {
    if (!markNode) return;
    node.querySelectorAll("input, select, textarea, button").forEach(function (c) { c.setAttribute("aria-describedby", markNode.id); });
  }
  function announceMarks(part, current) {
    var said = [];
    Object.keys(current).forEach(function (k) { if (shownMarks[k] !== current[k]) said.push(current[k]); });
    Object.keys(shownMarks).forEach(function (k) { if (k.indexOf(part) === 0 && !(k in current)) said.push(shownMarks[k].split(":")[0] + ": theo văn bản mẫu"); });
    Object.keys(shownMarks).forEach(function (k) { if (k.indexOf(part) === 0) delete shownMarks[k]; });
    Object.keys(current).forEach(function (k) { shownMarks[k] = current[k]; });
    if (marksReady && said.length && $("sr-announce")) { $("sr-announce").textContent = ""; $("sr-announce").textContent = said.join(". ") + "."; }
  }

  // -- tasks -----------------------------------------------------------------------------------
  function req() { return el("abbr", {"class": "req", title: "bắt buộc", text: "*"}); }
  // A select whose change acts at once (adds an agency) must not act on arrow keys alone: with
  // the keyboard the choice is made by Enter (or leaving the field), with the mouse by the click.
  function agencySelect(value, field, disabled, onchange, blank, required) {
    var keyed = false;
    var s = el("select", {"data-field": field, disabled: disabled, "aria-required": required ? "true" : null, on: {
      keydown: function (ev) {
        if (/^Arrow|^Page|^Home$|^End$/.test(ev.key) || ev.key.length === 1) keyed = true;
        if (ev.key === "Enter" && keyed) { keyed = false; ev.preventDefault(); onchange(s.value); }
      },
      blur: function () { if (keyed) { keyed = false; onchange(s.value); } },
      change: function () { if (!keyed) onchange(s.value); }}});
    if (blank) s.appendChild(el("option", {value: "", text: blank}));
    agencies.forEach(function (a) { s.appendChild(el("option", {value: a.key, text: a.name, selected: a.key === value})); });
    if (value && !byAgency[value]) s.appendChild(el("option", {value: value, text: value + " (không có trong danh sách)", selected: true}));
    s.value = value || "";
    return s;
  }
  var renderTasks = keepFocus(function () {
    var box = $("tasks");
    var areas = $("areas"); areas.textContent = "";
    form.tasks.map(function (t) { return t.area; }).filter(function (a, j, all) { return a && all.indexOf(a) === j; })
      .forEach(function (a) { areas.appendChild(el("option", {value: a})); });
    box.textContent = "";
    var marks = {};
    form.tasks.forEach(function (t, i) {
      var national = t.origin === "national", locked = national && !t.id;
      var touch = function () {
        if (!(national && t.action === "keep")) return;
        t.action = "edit";
        var s2 = document.querySelector('[data-field="tasks.' + i + '.action"]'); if (s2) s2.value = "edit";
        var was = head.querySelector(".muted"), now = mark("edit", "tasks." + i, "Nhiệm vụ " + (i + 1));
        if (was) head.replaceChild(now, was);  // in place: the field being typed in keeps focus and caret
        describedBy(card, now);
        var m = {}; Object.keys(shownMarks).forEach(function (k) { if (k.indexOf("tasks.") === 0) m[k] = shownMarks[k]; });
        m["tasks." + i] = "Nhiệm vụ " + (i + 1) + ": " + MARKS.edit;
        announceMarks("tasks.", m);
      };
      var kind = own ? null : !national ? "add" : t.action === "remove" ? "remove" : t.action === "edit" ? "edit" : null;
      var badge = kind ? mark(kind, "tasks." + i, "Nhiệm vụ " + (i + 1)) : null;
      if (kind) marks["tasks." + i] = "Nhiệm vụ " + (i + 1) + ": " + MARKS[kind];
      var head = el("div", {"class": "task-head"}, [el("strong", {text: "Nhiệm vụ " + (i + 1)}), " ",
        badge || el("span", {"class": "muted", text: "(văn bản mẫu)"})]);
      if (national) {
        var act = el("select", {"data-field": "tasks." + i + ".action", "aria-label": "Nhiệm vụ " + (i + 1) + ": giữ, sửa hay bỏ", disabled: !t.id, on: {change: function () { t.action = act.value; renderTasks(); changed(); }}}, [
          el("option", {value: "keep", text: "Giữ nguyên"}), el("option", {value: "edit", text: "Sửa cho tỉnh"}), el("option", {value: "remove", text: "Bỏ"})]);
        act.value = t.action;
        head.appendChild(act);
        if (!t.id) head.appendChild(el("span", {"class": "muted", text: " (nhiệm vụ này của văn bản mẫu không sửa riêng được)"}));
      } else {
        head.appendChild(el("button", {type: "button", "class": "x", title: "Xóa nhiệm vụ", text: "×", on: {click: function () { form.tasks.splice(i, 1); renderTasks(); changed(); }}}));
      }
      var card = el("div", {"class": "task" + (t.action === "remove" ? " removed" : ""), "data-field": "tasks." + i}, [head]);
      if (t.action !== "remove") {
        var coop = el("div", {"class": "chips", "data-field": "tasks." + i + ".cooperate"});
        t.cooperate.forEach(function (k, j) {
          coop.appendChild(el("span", {"class": "chip"}, [byAgency[k] ? byAgency[k].name : k,
            locked ? null : el("button", {type: "button", "class": "x", title: "Bỏ", "aria-label": "Bỏ " + (byAgency[k] ? byAgency[k].name : k), text: "×", on: {click: function () { touch(); t.cooperate.splice(j, 1); renderTasks(); changed(); }}})]));
        });
        var addCoop = locked ? null : agencySelect("", "tasks." + i + ".cooperate.add", false, function (v) {
          if (v && t.cooperate.indexOf(v) < 0 && v !== t.lead) { touch(); t.cooperate.push(v); } renderTasks(); changed();
        }, "+ thêm cơ quan phối hợp…");
        if (addCoop) addCoop.setAttribute("aria-label", "Nhiệm vụ " + (i + 1) + ": thêm cơ quan phối hợp");
        var text = el("textarea", {rows: 3, "data-field": "tasks." + i + ".text", "aria-required": "true", disabled: locked, value: t.shown !== undefined ? t.shown : t.text, on: {focus: remember, input: function () { touch(); t.text = t.shown = text.value; changed(); }}});
        var deadline = el("input", {type: "text", "data-field": "tasks." + i + ".deadline", disabled: locked, value: t.deadline, on: {input: function () { touch(); t.deadline = deadline.value; changed(); }}});
        card.appendChild(el("label", {}, ["Cơ quan chủ trì ", req(), agencySelect(t.lead, "tasks." + i + ".lead", locked, function (v) { touch(); t.lead = v; changed(); }, "— chọn —", true)]));
        card.appendChild(el("div", {"class": "label"}, [el("span", {"class": "label-text", text: "Cơ quan phối hợp"}), coop, addCoop]));
        card.appendChild(el("label", {}, ["Nội dung (bắt đầu bằng động từ viết thường khi có cơ quan phối hợp) ", req(), text]));
        var area = el("input", {type: "text", "data-field": "tasks." + i + ".area", "aria-required": data.kind === "ke_hoach" ? "true" : null, list: "areas", disabled: locked, value: t.area || "", on: {input: function () { touch(); t.area = area.value; changed(); }}});
        var product = el("input", {type: "text", "data-field": "tasks." + i + ".product", disabled: locked, value: t.product || "", on: {input: function () { touch(); t.product = product.value; changed(); }}});
        card.appendChild(el("div", {"class": "grid3"}, [el("label", {}, ["Thời gian thực hiện ", deadline]),
          el("label", {}, ["Lĩnh vực (nhóm trong phụ lục) ", data.kind === "ke_hoach" ? req() : null, area]), el("label", {}, ["Sản phẩm", product])]));
      }
      describedBy(card, badge);
      box.appendChild(card);
    });
    announceMarks("tasks.", marks);
  });
  function addTask(lead) {
    var last = form.tasks[form.tasks.length - 1];
    form.tasks.push({origin: "added", id: "", action: "keep", lead: lead || "", cooperate: [], text: "", deadline: "",
                     area: data.kind === "ke_hoach" && last ? last.area || "" : "", product: ""});
    renderTasks(); changed();
    var fresh = document.querySelector('[data-field="tasks.' + (form.tasks.length - 1) + (lead ? '.text' : '.lead') + '"]');
    if (fresh) fresh.focus();
  }
  $("task-add").addEventListener("click", function () { addTask(""); });
  var taskAdd = agencySelect("", "tasks.add", false, function (v) { if (v) { addTask(v); taskAdd.value = ""; } }, "+ Thêm nhiệm vụ: chọn cơ quan chủ trì…");
  taskAdd.setAttribute("aria-label", "Thêm nhiệm vụ: chọn cơ quan chủ trì");
  $("task-add").insertAdjacentElement("beforebegin", taskAdd);

  // -- recipients ------------------------------------------------------------------------------
  function recipientLabel(r) {
    if (r.agency) return byAgency[r.agency] ? byAgency[r.agency].recipient : r.agency;
    return r.shown !== undefined ? r.shown : r.text;
  }
  function recipientKind(r, printed) {
    if (own) return null;
    if (r.origin !== "national") return "add";
    if (r.removed) return "remove";
    return r.ref in printed && (r.purpose || "").trim() !== printed[r.ref] ? "edit" : null;
  }
  function remarkRecipient(row, r, i) {  // typing a purpose: the mark follows in place, focus stays
    var kind = recipientKind(r, data.national.recipient_purposes || {}), old = row.querySelector(".diff-mark");
    if ((old && old.getAttribute("data-mark")) === kind) return;
    var fresh = kind ? mark(kind, "recipients." + i, "Nơi nhận " + (i + 1)) : null;
    if (old && fresh) row.replaceChild(fresh, old); else if (old) row.removeChild(old); else if (fresh) row.appendChild(fresh);
    row.querySelectorAll("input, select, textarea, button").forEach(function (c) { if (fresh) c.setAttribute("aria-describedby", fresh.id); else c.removeAttribute("aria-describedby"); });
    var m = {}; Object.keys(shownMarks).forEach(function (k) { if (k.indexOf("recipients.") === 0 && k !== "recipients." + i) m[k] = shownMarks[k]; });
    if (kind) m["recipients." + i] = "Nơi nhận " + (i + 1) + ": " + MARKS[kind];
    announceMarks("recipients.", m);
  }
  var renderRecipients = keepFocus(function () {
    var box = $("recipients");
    box.textContent = "";
    var marks = {}, printed = data.national.recipient_purposes || {};
    form.recipients.forEach(function (r, i) {
      var row, rkind = recipientKind(r, printed);
      var rbadge = rkind ? mark(rkind, "recipients." + i, "Nơi nhận " + (i + 1)) : null;
      if (rkind) marks["recipients." + i] = "Nơi nhận " + (i + 1) + ": " + MARKS[rkind];
      if (r.origin === "national") {
        var cb = el("input", {type: "checkbox", checked: !r.removed, "data-field": "recipients." + i + ".keep", on: {change: function () { r.removed = !cb.checked; renderRecipients(); changed(); }}});
        var why = el("input", {type: "text", "class": "purpose", size: 18, placeholder: "mục đích (nếu có)", value: r.purpose, disabled: r.removed,
          "aria-label": "Nơi nhận " + (i + 1) + " (" + recipientLabel(r) + "): mục đích, in trong ngoặc", "data-field": "recipients." + i + ".purpose",
          on: {input: function () { r.purpose = why.value; remarkRecipient(row, r, i); changed(); }}});
        row = el("div", {"class": "recipient national" + (r.removed ? " removed" : ""), "data-field": "recipients." + i},
          [el("label", {"class": "check"}, [cb, " - " + recipientLabel(r)]), why, rbadge]);
      } else {
        var text = el("input", {type: "text", placeholder: "hoặc ghi tên nơi nhận", "aria-label": "Nơi nhận " + (i + 1) + ": tên (nếu không có trong danh sách)", value: r.text, "data-field": "recipients." + i + ".text", on: {input: function () { r.text = text.value; changed(); }}});
        var purpose = el("input", {type: "text", placeholder: "mục đích, ví dụ: để báo cáo", "aria-label": "Nơi nhận " + (i + 1) + ": mục đích", value: r.purpose, "data-field": "recipients." + i + ".purpose", on: {input: function () { r.purpose = purpose.value; changed(); }}});
        row = el("div", {"class": "recipient added", "data-field": "recipients." + i}, [
          labelled(agencySelect(r.agency, "recipients." + i + ".agency", false, function (v) { r.agency = v; changed(); }, "— cơ quan trong danh sách —"), "Nơi nhận " + (i + 1) + ": cơ quan"),
          text, purpose, rbadge,
          el("button", {type: "button", "class": "x", title: "Xóa nơi nhận " + (i + 1), "aria-label": "Xóa nơi nhận " + (i + 1), text: "×", on: {click: function () { form.recipients.splice(i, 1); renderRecipients(); changed(); }}})]);
      }
      describedBy(row, rbadge);
      box.appendChild(row);
    });
    announceMarks("recipients.", marks);
    // one choice adds a recipient from the list of agencies
    var quick = labelled(agencySelect("", "recipients.add", false, function (v) {
      if (!v) return;
      form.recipients.push({origin: "added", ref: "", agency: v, text: "", purpose: "", removed: false});
      renderRecipients(); changed();
      var q = document.querySelector('[data-field="recipients.add"]'); if (q) q.focus();
    }, "+ Thêm nơi nhận: chọn cơ quan…"), "Thêm nơi nhận: chọn cơ quan");
    box.appendChild(quick);
    box.appendChild(el("p", {"class": "muted", text: "Cơ quan được giao nhiệm vụ mà chưa có trong danh sách sẽ được tự động thêm vào Nơi nhận; dòng “- Lưu: VT, …” luôn ở cuối."}));
  });
  function labelled(node, text) { node.setAttribute("aria-label", text); return node; }
  $("recipient-add").addEventListener("click", function () {
    form.recipients.push({origin: "added", ref: "", agency: "", text: "", purpose: "", removed: false});
    renderRecipients(); changed();
    var t = document.querySelector('[data-field="recipients.' + (form.recipients.length - 1) + '.text"]'); if (t) t.focus();
  });

  // -- a province's own document: the body, section by section ------------------------------------
  var LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split(" ");
  function roman(n) {
    var out = "", table = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
    table.forEach(function (t) { while (n >= t[0]) { out += t[1]; n -= t[0]; } });
    return out;
  }
  function marker(depth, i) {
    var levels = data.kind === "ke_hoach" ? ["roman", "arabic", "letter", "dash"] : ["arabic", "letter", "dash"];
    var level = levels[Math.min(depth, levels.length - 1)];
    if (level === "roman") return roman(i + 1) + ".";
    if (level === "arabic") return (i + 1) + ".";
    if (level === "letter") return (i < LETTERS.length ? LETTERS[i] : "??") + ")";
    return "-";
  }
  function splitParas(text) { return text.split(/\n\s*\n/).map(function (p) { return p.trim(); }).filter(function (p) { return p; }); }
  function newNode() { return {title: "", text: [""], closing: [], items: []}; }
  function renderNodes(box, list, depth, path) {
    list.forEach(function (n, i) {
      var field = path + "." + i;
      var move = function (d) { return function () { var j = i + d; if (j < 0 || j >= list.length) return; var t = list[i]; list[i] = list[j]; list[j] = t; renderSections(); changed(); }; };
      var head = el("div", {"class": "task-head"}, [
        el("strong", {"class": "marker", text: marker(depth, i)}),
        el("span", {"class": "muted", text: depth === 0 ? "mục" : "mục con cấp " + (depth + 1)}),
        el("span", {"class": "spacer"}),
        el("button", {type: "button", "class": "small", title: "Lên", text: "↑", disabled: i === 0, on: {click: move(-1)}}),
        el("button", {type: "button", "class": "small", title: "Xuống", text: "↓", disabled: i === list.length - 1, on: {click: move(1)}}),
        el("button", {type: "button", "class": "small", text: "+ mục con", on: {click: function () { n.items.push(newNode()); renderSections(); changed(); }}}),
        el("button", {type: "button", "class": "x", title: "Xóa mục (cả mục con)", text: "×", on: {click: function () { list.splice(i, 1); renderSections(); changed(); }}})]);
      var title = el("input", {type: "text", placeholder: "tiêu đề (để trống: số đứng đầu đoạn văn)", "aria-label": "Mục " + field.replace(/^sections\./, "").split(".").filter(function (x) { return /^\d+$/.test(x); }).map(function (x) { return +x + 1; }).join(".") + ": tiêu đề", value: n.shown_title !== undefined ? n.shown_title : n.title, "data-field": field + ".title", on: {input: function () { n.title = n.shown_title = title.value; changed(); }}});
      var text = el("textarea", {rows: 3, value: (n.shown || n.text).join("\n\n"), "data-field": field + ".text", on: {focus: remember, input: function () { n.text = n.shown = splitParas(text.value); changed(); }}});
      var closing = el("textarea", {rows: 2, placeholder: "đoạn sau các mục con (nếu có)", value: (n.shown_closing || n.closing).join("\n\n"), "data-field": field + ".closing", on: {focus: remember, input: function () { n.closing = n.shown_closing = splitParas(closing.value); changed(); }}});
      var children = el("div", {"class": "children"});
      renderNodes(children, n.items, depth + 1, field);
      var kept = n.keep && n.keep.table ? el("p", {"class": "muted kept-table", text: "Mục này có một bảng (" +
        ((n.keep.table.header || []).length + (n.keep.table.rows || []).length) + " hàng), in sau đoạn văn; bảng được giữ nguyên khi sửa chữ (sửa bảng trong tệp YAML)."}) : null;
      box.appendChild(el("div", {"class": "node depth-" + depth, "data-field": field}, [head, title, el("label", {}, ["Đoạn văn (cách nhau một dòng trống)", text]), kept, children,
        n.items.length ? el("label", {}, ["Đoạn kết của mục", closing]) : null]));
    });
  }
  function renderSections() {
    if (!own || !$("sections")) return;
    var box = $("sections");
    box.textContent = "";
    renderNodes(box, form.sections, 0, "sections");
  }
  if (own && $("section-add")) $("section-add").addEventListener("click", function () { form.sections.push(newNode()); renderSections(); changed(); });

  function renderAll() { marksReady = false; renderSimple(); renderBases(); renderParas("preamble"); renderParas("closing"); renderSections(); renderTasks(); renderRecipients(); marksReady = true; }

  // -- preview -----------------------------------------------------------------------------------
  var timer = null, seq = 0;
  function changed() { persist(); clearTimeout(timer); timer = setTimeout(refresh, 400); $("preview-status").textContent = "Đang chờ bạn gõ xong…"; staleLinks("chờ cập nhật"); }
  function clearMessages() {
    document.querySelectorAll(".field-msg").forEach(function (n) { n.remove(); });
    document.querySelectorAll(".has-error").forEach(function (n) { n.classList.remove("has-error"); });
    $("general-messages").textContent = ""; $("findings").textContent = "";
  }
  function fieldNode(field) {
    var parts = field.split(".");
    while (parts.length) {
      var node = document.querySelector('[data-field="' + parts.join(".") + '"]');
      if (node) return node;
      parts.pop();
    }
    return null;
  }
  var SEVERITY = {error: "Lỗi", warning: "Cảnh báo", finding: "Thể thức", note: "Ghi chú"};
  function showMessages(messages) {
    clearMessages();
    messages.forEach(function (m) {
      var item = el("li", {"class": "msg " + m.severity}, [el("strong", {text: SEVERITY[m.severity] + ": "}), m.text]);
      var node = m.field ? fieldNode(m.field) : null;
      if (node) {
        node.classList.add("has-error");
        var note = el("div", {"class": "field-msg msg " + m.severity, "data-for": m.field}, [el("strong", {text: SEVERITY[m.severity] + ": "}), m.text]);
        node.insertAdjacentElement("afterend", note);
      } else if (m.severity === "finding") {
        $("findings").appendChild(item);
      } else {
        $("general-messages").appendChild(item);
      }
    });
    if (!$("findings").children.length) $("findings").appendChild(el("li", {"class": "msg ok", text: "Không có phát hiện nào."}));
  }
  // A download always gives what the page shows: while the preview is behind the form (waiting,
  // or the latest edit has an error) the buttons are disabled and say why.
  var DL = {docx: "Tải .docx", pdf: "Tải PDF", zip: "Tải cả .docx và PDF"};
  function showLinks(r) {
    ["docx", "pdf", "zip"].forEach(function (k) {
      var a = $("dl-" + k); a.href = r[k + "_url"]; a.hidden = false; a.textContent = DL[k];
      a.classList.remove("disabled"); a.removeAttribute("aria-disabled"); a.removeAttribute("tabindex");
    });
  }
  function staleLinks(why) {
    ["docx", "pdf", "zip"].forEach(function (k) {
      var a = $("dl-" + k); if (a.hidden) return;
      a.removeAttribute("href"); a.classList.add("disabled"); a.setAttribute("aria-disabled", "true");
      a.textContent = DL[k] + " (" + why + ")";
    });
  }
  async function refresh() {
    var my = ++seq;
    $("preview-status").textContent = "Đang dựng văn bản…";
    var r;
    try { r = await VB.post(data.urls.preview, {form: form}); } catch (e) { r = {error: "Không kết nối được máy chủ; bản nháp vẫn được giữ trong trình duyệt."}; }
    if (my !== seq) return;
    if (r.error) { $("preview-status").textContent = r.error; return; }
    showMessages(r.messages);
    $("diff").textContent = r.diff || "(không có thay đổi)";
    if (!r.ok) {
      $("preview-status").textContent = "Còn lỗi: bản xem trước dưới đây là bản trước đó; sửa lỗi để tải về.";
      staleLinks("còn lỗi");
      $("preview").classList.add("stale");
      return;
    }
    showLinks(r);
    $("preview-status").textContent = "Đang chuyển sang trang A4…";
    var p;
    try { p = await VB.post(r.pages_url, {}); } catch (e) { p = {error: "Không kết nối được máy chủ."}; }
    if (my !== seq) return;
    if (p.error || !p.pages) { $("preview-status").textContent = p.error || "Không dựng được trang xem trước."; return; }
    var box = $("preview");
    box.textContent = "";
    box.classList.remove("stale");
    p.pages.forEach(function (url, i) {
      box.appendChild(el("figure", {"class": "page"}, [el("img", {src: url, alt: "Trang " + (i + 1)}), el("figcaption", {text: "Trang " + (i + 1) + "/" + p.pages.length})]));
    });
    box.setAttribute("data-sha", r.docx_sha);
    $("preview-status").textContent = "Đã cập nhật — " + p.pages.length + " trang.";
  }

  // -- saving --------------------------------------------------------------------------------------
  var conflictData = null;
  if ($("save")) $("save").addEventListener("click", async function () {  // absent for who may only read
    $("save").disabled = true;
    var r;
    try { r = await VB.post(data.urls.save, {form: form, base_sha: baseSha, base_form: baseForm}); }
    catch (e) { r = {error: "Không kết nối được máy chủ; bản nháp vẫn được giữ trong trình duyệt."}; }
    $("save").disabled = false;
    if (r.conflict) {
      conflictData = r;
      $("conflict-text").textContent = r.error;
      $("conflict-diff").textContent = r.their_diff || "(không xem được thay đổi)";
      $("conflict-both").hidden = !r.both_changed.length;
      $("conflict-both").textContent = "Cả hai cùng sửa: " + r.both_changed.join(", ") + ". Nếu gộp, giá trị của bạn được giữ ở các phần này — hãy xem lại trước khi lưu.";
      $("conflict").hidden = false;
      return;
    }
    if (r.messages) showMessages(r.messages);
    if (!r.saved) { banner(r.error || "Chưa lưu được.", [], "error"); return; }
    baseSha = r.sha; form = r.form; baseForm = VB.clone(r.form);
    persist(); renderAll();
    $("diff").textContent = "(không có thay đổi)";
    banner("Đã lưu vào " + data.file + ".", [], "ok");
    $("conflict").hidden = true;
    if (r.ok) showLinks(r);
  });
  $("conflict-merge").addEventListener("click", function () {
    form = conflictData.merged_form; baseForm = conflictData.theirs_form; baseSha = conflictData.current_sha;
    $("conflict").hidden = true;
    banner("Đã gộp: thay đổi của bạn nằm trên bản mới của người kia. Xem lại rồi bấm Lưu.", [], "info");
    renderAll(); changed();
  });
  $("conflict-theirs").addEventListener("click", function () {
    form = conflictData.theirs_form; baseForm = VB.clone(conflictData.theirs_form); baseSha = conflictData.current_sha;
    $("conflict").hidden = true; $("banner").hidden = true;
    renderAll(); changed();
  });

  if (!own && data.sha === null && !form.draft && same(form, data.form)) form.draft = "true";
  renderAll();
  persist();
  refresh();
})();

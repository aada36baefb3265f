//! What one script offers other modules and what it takes from them: the
//! per-file input of the app-wide module graph (`practice::graph`). Built from
//! the same parse as the file's observations.

use std::collections::HashSet;

use oxc_ast::ast::{
    AssignmentTarget, BindingPattern, Class, ClassElement, Declaration,
    ExportDefaultDeclarationKind, Expression, IdentifierReference, ModuleExportName,
    ObjectPropertyKind, Program, Statement,
};
use oxc_span::Span;

use crate::lines::LineIndex;
use crate::model::Location;
use crate::rulesets::Catalogue;

use super::url::{Target, target};
use super::value::{CALL, Resolver, Val, join_base};

/// A position as observations carry it: line, then UTF-16 column.
pub type Pos = (u32, u32);

/// The module-level facts of one script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleSummary {
    /// Modules it loads by a literal name (`import`, `export ... from`,
    /// `require('x')`, `import('x')`), in source order, each once.
    pub loads: Vec<Load>,
    /// Loads by a computed name (`require(name)`, `import(name)`): what they
    /// bring in cannot be known.
    pub computed_loads: Vec<Location>,
    pub exports: Vec<Export>,
    /// Top-level declarations, in source order; they do not overlap.
    pub bindings: Vec<TopBinding>,
    /// Calls and constructions of something another module of the app exports.
    pub uses: Vec<Use>,
    /// Calls from one top-level declaration to another in the same file.
    pub local_calls: Vec<LocalCall>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub spec: String,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The exported name; `default` for default exports and `module.exports`.
    pub name: String,
    pub target: ExportTarget,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// A top-level declaration of this file, or one member of it
    /// (`module.exports = { track() {} }` exports `track` as a member).
    Local {
        binding: String,
        member: Option<String>,
    },
    /// `export { a as b } from './x'` (`name` a), or with `name` `None` the
    /// whole module (`export * as ns from './x'`, a re-exported namespace).
    From { spec: String, name: Option<String> },
    /// `export * from './x'`: every name of that module.
    All { spec: String },
}

/// A top-level declaration and the source it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopBinding {
    pub name: String,
    pub start: Pos,
    pub end: Pos,
    pub at: Location,
    /// A function or class: calling it (or constructing it) runs its code.
    /// Any other value ran once, when the module loaded.
    pub callable: bool,
    /// Methods of a class, properties of an object literal.
    pub members: Vec<Member>,
    /// `const a = new Service()`: members resolve on `Service`.
    pub instance_of: Option<Instance>,
    /// What the declaration holds when it is an SDK's object or an HTTP client.
    pub value: Option<Held>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub start: Pos,
    pub end: Pos,
}

/// The class an instance was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instance {
    Local(String),
    Imported { spec: String, name: Option<String> },
}

/// A value another module can call through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Something a catalogue vendor's package yields (`new PostHog(key)`).
    Sdk {
        package: String,
        vendor: String,
        categories: Vec<String>,
        /// The path from the import (`PostHog()`).
        path: String,
        /// Where the file imports the package: the evidence its uses lead to.
        import_at: Option<Location>,
    },
    /// `axios.create({ baseURL })`: requests go to the base's host.
    Client {
        client: String,
        host: Option<String>,
        scheme: Option<String>,
    },
}

/// A top-level declaration, or one member of it, that code runs inside.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Owner {
    pub binding: String,
    pub member: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub spec: String,
    /// Members read and calls made from the import (`["analytics", "track"]`);
    /// `()` marks a call result.
    pub path: Vec<String>,
    /// `new X()` rather than a call.
    pub constructs: bool,
    pub at: Location,
    pub owner: Option<Owner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalCall {
    pub from: Owner,
    pub to: Owner,
    pub at: Location,
}

/// Offsets of one top-level declaration, for finding what code runs inside.
struct Span2 {
    name: String,
    span: Span,
    members: Vec<(String, Span)>,
}

/// Builds a [`ModuleSummary`] while the collector walks the file.
pub struct Summariser<'c> {
    rel_path: &'c str,
    lines: LineIndex<'c>,
    catalogue: &'c Catalogue,
    spans: Vec<Span2>,
    /// Names of `spans`, for the per-call lookup.
    top_level: HashSet<String>,
    loaded: HashSet<String>,
    summary: ModuleSummary,
}

impl<'c> Summariser<'c> {
    /// Reads the top level of `program`: declarations, exports, loads.
    pub fn new<'a>(
        rel_path: &'c str,
        source: &'c str,
        catalogue: &'c Catalogue,
        program: &'a Program<'a>,
        resolver: &Resolver<'a, '_>,
    ) -> Self {
        let mut s = Summariser {
            rel_path,
            lines: LineIndex::new(source),
            catalogue,
            spans: Vec::new(),
            top_level: HashSet::new(),
            loaded: HashSet::new(),
            summary: ModuleSummary::default(),
        };
        for statement in &program.body {
            s.statement(statement, resolver);
        }
        s
    }

    /// The summary, with each SDK value pointed at its package's import
    /// (`imports` maps a package to where the file imports it).
    pub fn finish(
        mut self,
        imports: &std::collections::HashMap<String, Location>,
    ) -> ModuleSummary {
        for binding in &mut self.summary.bindings {
            if let Some(Held::Sdk {
                package, import_at, ..
            }) = &mut binding.value
            {
                *import_at = imports.get(package.as_str()).cloned();
            }
        }
        self.summary
    }

    fn location(&self, offset: u32) -> Location {
        let (line, column) = self.lines.position(offset as usize);
        Location::new(self.rel_path, line, Some(column))
    }

    fn pos(&self, offset: u32) -> Pos {
        self.lines.position(offset as usize)
    }

    /// A module loaded by a literal name.
    pub fn load(&mut self, spec: &str, offset: u32) {
        if self.loaded.insert(spec.to_string()) {
            let at = self.location(offset);
            self.summary.loads.push(Load {
                spec: spec.to_string(),
                at,
            });
        }
    }

    /// A module loaded by a name known only at run time.
    pub fn computed_load(&mut self, offset: u32) {
        let at = self.location(offset);
        self.summary.computed_loads.push(at);
    }

    fn statement<'a>(&mut self, statement: &'a Statement<'a>, resolver: &Resolver<'a, '_>) {
        match statement {
            Statement::ImportDeclaration(decl) if !decl.import_kind.is_type() => {
                self.load(decl.source.value.as_str(), decl.span.start);
            }
            Statement::ExportAllDeclaration(decl) if !decl.export_kind.is_type() => {
                let spec = decl.source.value.to_string();
                self.load(&spec, decl.span.start);
                let (name, target) = match &decl.exported {
                    Some(name) => (
                        export_name(name).to_string(),
                        ExportTarget::From { spec, name: None },
                    ),
                    None => ("*".to_string(), ExportTarget::All { spec }),
                };
                self.export(name, target, decl.span.start);
            }
            Statement::ExportFromDeclaration(decl) if !decl.export_kind.is_type() => {
                let spec = decl.source.value.to_string();
                self.load(&spec, decl.span.start);
                for specifier in decl.specifiers.iter().filter(|s| !s.export_kind.is_type()) {
                    let local = export_name(&specifier.local);
                    let target = ExportTarget::From {
                        spec: spec.clone(),
                        name: (local != "*").then(|| local.to_string()),
                    };
                    self.export(
                        export_name(&specifier.exported).to_string(),
                        target,
                        specifier.span.start,
                    );
                }
            }
            Statement::ExportNamedDeclaration(decl) if !decl.export_kind.is_type() => {
                for specifier in decl.specifiers.iter().filter(|s| !s.export_kind.is_type()) {
                    let exported = export_name(&specifier.exported).to_string();
                    if let ModuleExportName::IdentifierReference(local) = &specifier.local {
                        self.export_reference(exported, local, specifier.span.start, resolver);
                    }
                }
            }
            Statement::ExportDeclaration(decl) => {
                for name in self.declaration(&decl.declaration, resolver) {
                    let target = ExportTarget::Local {
                        binding: name.clone(),
                        member: None,
                    };
                    self.export(name, target, decl.span.start);
                }
            }
            Statement::ExportDefaultDeclaration(decl) => {
                let name = match &decl.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        let name = f.id.as_ref().map_or("default", |id| id.name.as_str());
                        self.binding(name, f.span, Vec::new(), None, None);
                        name.to_string()
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(class) => {
                        let name = class.id.as_ref().map_or("default", |id| id.name.as_str());
                        self.binding(name, class.span, class_members(class), None, None);
                        name.to_string()
                    }
                    ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => return,
                    other => match other.as_expression() {
                        Some(Expression::Identifier(id)) => {
                            self.export_reference("default".into(), id, decl.span.start, resolver);
                            return;
                        }
                        Some(expr) => {
                            self.value_binding("default", decl.span, expr, resolver);
                            "default".to_string()
                        }
                        None => return,
                    },
                };
                let target = ExportTarget::Local {
                    binding: name,
                    member: None,
                };
                self.export("default".into(), target, decl.span.start);
            }
            Statement::ExpressionStatement(statement) => {
                if let Expression::AssignmentExpression(assign) = &statement.expression {
                    self.commonjs_export(&assign.left, &assign.right, assign.span, resolver);
                }
            }
            _ => {
                if let Some(declaration) = statement.as_declaration() {
                    self.declaration(declaration, resolver);
                }
            }
        }
    }

    /// Records the declarations of `declaration`; returns their names.
    fn declaration<'a>(
        &mut self,
        declaration: &'a Declaration<'a>,
        resolver: &Resolver<'a, '_>,
    ) -> Vec<String> {
        match declaration {
            Declaration::FunctionDeclaration(f) => match &f.id {
                Some(id) => {
                    self.binding(id.name.as_str(), f.span, Vec::new(), None, None);
                    vec![id.name.to_string()]
                }
                None => Vec::new(),
            },
            Declaration::ClassDeclaration(class) => match &class.id {
                Some(id) => {
                    self.binding(
                        id.name.as_str(),
                        class.span,
                        class_members(class),
                        None,
                        None,
                    );
                    vec![id.name.to_string()]
                }
                None => Vec::new(),
            },
            Declaration::VariableDeclaration(vars) => {
                let mut names = Vec::new();
                for declarator in &vars.declarations {
                    let BindingPattern::BindingIdentifier(id) = &declarator.id else {
                        continue;
                    };
                    let name = id.name.as_str();
                    match &declarator.init {
                        Some(init) => self.value_binding(name, declarator.span, init, resolver),
                        None => {
                            self.binding_of(name, declarator.span, false, Vec::new(), None, None);
                        }
                    }
                    names.push(name.to_string());
                }
                names
            }
            _ => Vec::new(),
        }
    }

    /// A declaration whose value is `expr`: its members, the class it
    /// instantiates, and what it holds.
    fn value_binding<'a>(
        &mut self,
        name: &str,
        span: Span,
        expr: &'a Expression<'a>,
        resolver: &Resolver<'a, '_>,
    ) {
        let expr = expr.get_inner_expression();
        let members = match expr {
            Expression::ObjectExpression(object) => object
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) if !p.computed => {
                        p.key.static_name().map(|k| (k.to_string(), p.span))
                    }
                    _ => None,
                })
                .collect(),
            Expression::ClassExpression(class) => class_members(class),
            _ => Vec::new(),
        };
        let instance_of = match expr {
            Expression::NewExpression(new) => match new.callee.get_inner_expression() {
                Expression::Identifier(id) if self.is_top_level(id.name.as_str()) => {
                    Some(Instance::Local(id.name.to_string()))
                }
                callee => match resolver.eval(callee) {
                    Val::Module { module, path } if is_app_module(module, self.catalogue) => {
                        Some(Instance::Imported {
                            spec: module.to_string(),
                            name: path.first().map(|p| p.to_string()),
                        })
                    }
                    _ => None,
                },
            },
            _ => None,
        };
        let held = self.held(resolver.eval(expr));
        let callable = matches!(
            expr,
            Expression::ArrowFunctionExpression(_)
                | Expression::FunctionExpression(_)
                | Expression::ClassExpression(_)
        );
        self.binding_of(name, span, callable, members, instance_of, held);
    }

    /// What a value holds when another module could call through it.
    fn held(&self, value: Val<'_>) -> Option<Held> {
        match value {
            Val::Module { module, path } => {
                let vendor = self.catalogue.vendor_for_package(module)?;
                if vendor.is_first_party() {
                    return None;
                }
                Some(Held::Sdk {
                    package: module.to_string(),
                    vendor: vendor.id.clone(),
                    categories: vendor.categories.clone(),
                    path: render_path(&path, false),
                    import_at: None,
                })
            }
            Val::HttpClient { client, base } => {
                let (host, scheme) = match base.map(join_base).as_ref().map(target) {
                    Some(Target::Host { host, scheme }) => (Some(host), scheme),
                    _ => (None, None),
                };
                Some(Held::Client {
                    client: client.to_string(),
                    host,
                    scheme,
                })
            }
            _ => None,
        }
    }

    /// `export { local as exported }` / `export default local`.
    fn export_reference<'a>(
        &mut self,
        exported: String,
        local: &IdentifierReference<'a>,
        offset: u32,
        resolver: &Resolver<'a, '_>,
    ) {
        let name = local.name.as_str();
        if self.is_top_level(name) {
            let target = ExportTarget::Local {
                binding: name.to_string(),
                member: None,
            };
            self.export(exported, target, offset);
            return;
        }
        match resolver.eval_reference(local) {
            // An import passed on: a re-export.
            Val::Module { module, path } if is_app_module(module, self.catalogue) => {
                let target = ExportTarget::From {
                    spec: module.to_string(),
                    name: path.first().map(|p| p.to_string()),
                };
                self.export(exported, target, offset);
            }
            value => {
                if let Some(held) = self.held(value) {
                    let synthetic = format!("export {exported}");
                    let span = Span::new(offset, offset);
                    self.binding_of(&synthetic, span, false, Vec::new(), None, Some(held));
                    let target = ExportTarget::Local {
                        binding: synthetic,
                        member: None,
                    };
                    self.export(exported, target, offset);
                }
            }
        }
    }

    /// `module.exports = x`, `module.exports.a = x`, `exports.a = x`.
    fn commonjs_export<'a>(
        &mut self,
        left: &'a AssignmentTarget<'a>,
        right: &'a Expression<'a>,
        span: Span,
        resolver: &Resolver<'a, '_>,
    ) {
        let Some(member) = left.as_member_expression() else {
            return;
        };
        let name = match commonjs_target(member.object(), member.static_property_name()) {
            Some(name) => name,
            None => return,
        };
        let right = right.get_inner_expression();
        if let Expression::Identifier(id) = right {
            self.export_reference(name, id, span.start, resolver);
            return;
        }
        let binding = if name == "default" {
            "module.exports".to_string()
        } else {
            format!("exports.{name}")
        };
        self.value_binding(&binding, span, right, resolver);
        // `module.exports = { a, b() {} }`: each property is an export.
        if let (true, Expression::ObjectExpression(object)) = (name == "default", right) {
            for property in &object.properties {
                let ObjectPropertyKind::ObjectProperty(p) = property else {
                    continue;
                };
                let Some(key) = p.key.static_name().filter(|_| !p.computed) else {
                    continue;
                };
                match p.value.get_inner_expression() {
                    Expression::Identifier(id) => {
                        self.export_reference(key.to_string(), id, p.span.start, resolver);
                    }
                    _ => {
                        let target = ExportTarget::Local {
                            binding: binding.clone(),
                            member: Some(key.to_string()),
                        };
                        self.export(key.to_string(), target, p.span.start);
                    }
                }
            }
        }
        let target = ExportTarget::Local {
            binding,
            member: None,
        };
        self.export(name, target, span.start);
    }

    fn export(&mut self, name: String, target: ExportTarget, offset: u32) {
        let at = self.location(offset);
        self.summary.exports.push(Export { name, target, at });
    }

    fn binding(
        &mut self,
        name: &str,
        span: Span,
        members: Vec<(String, Span)>,
        instance_of: Option<Instance>,
        value: Option<Held>,
    ) {
        self.binding_of(name, span, true, members, instance_of, value);
    }

    fn binding_of(
        &mut self,
        name: &str,
        span: Span,
        callable: bool,
        members: Vec<(String, Span)>,
        instance_of: Option<Instance>,
        value: Option<Held>,
    ) {
        let binding = TopBinding {
            name: name.to_string(),
            callable,
            start: self.pos(span.start),
            end: self.pos(span.end),
            at: self.location(span.start),
            members: members
                .iter()
                .map(|(name, span)| Member {
                    name: name.clone(),
                    start: self.pos(span.start),
                    end: self.pos(span.end),
                })
                .collect(),
            instance_of,
            value,
        };
        self.summary.bindings.push(binding);
        self.top_level.insert(name.to_string());
        self.spans.push(Span2 {
            name: name.to_string(),
            span,
            members,
        });
    }

    fn is_top_level(&self, name: &str) -> bool {
        self.top_level.contains(name)
    }

    /// The top-level declaration (and member) that `offset` lies in.
    pub fn owner_at(&self, offset: u32) -> Option<Owner> {
        let at = self.spans.partition_point(|s| s.span.start <= offset);
        let outer = self.spans[..at]
            .iter()
            .rev()
            .find(|s| s.span.end > offset)?;
        let member = outer
            .members
            .iter()
            .find(|(_, span)| span.start <= offset && offset < span.end)
            .map(|(name, _)| name.clone());
        Some(Owner {
            binding: outer.name.clone(),
            member,
        })
    }

    /// A call or `new` at `offset` whose callee is `callee` (`expr` as written).
    pub fn call_site<'a>(
        &mut self,
        callee: &Val<'a>,
        expr: &'a Expression<'a>,
        constructs: bool,
        offset: u32,
    ) {
        let owner = self.owner_at(offset);
        match callee {
            Val::Module { module, path } if is_app_module(module, self.catalogue) => {
                let at = self.location(offset);
                self.summary.uses.push(Use {
                    spec: module.to_string(),
                    path: path.iter().map(|p| p.to_string()).collect(),
                    constructs,
                    at,
                    owner,
                });
            }
            _ => {
                let Some(from) = owner else { return };
                let Some(to) = self.local_target(expr, &from, constructs) else {
                    return;
                };
                if to != from {
                    let at = self.location(offset);
                    self.summary.local_calls.push(LocalCall { from, to, at });
                }
            }
        }
    }

    /// `helper()`, `service.track()`, `this.send()` within the file.
    fn local_target(
        &self,
        callee: &Expression<'_>,
        from: &Owner,
        constructs: bool,
    ) -> Option<Owner> {
        match callee.get_inner_expression() {
            Expression::Identifier(id) if self.is_top_level(id.name.as_str()) => Some(Owner {
                binding: id.name.to_string(),
                member: constructs.then(|| "constructor".to_string()),
            }),
            Expression::StaticMemberExpression(m) => {
                let member = Some(m.property.name.to_string());
                match m.object.get_inner_expression() {
                    Expression::Identifier(id) if self.is_top_level(id.name.as_str()) => {
                        Some(Owner {
                            binding: id.name.to_string(),
                            member,
                        })
                    }
                    Expression::ThisExpression(_) => Some(Owner {
                        binding: from.binding.clone(),
                        member,
                    }),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Whether `spec` names a module of the app rather than a package: a
/// relative path. (`tsconfig` path aliases and workspace packages are not
/// resolved yet; their uses are not recorded.)
fn is_app_module(spec: &str, _catalogue: &Catalogue) -> bool {
    spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".."
}

/// The exported name `module.exports...` / `exports...` assigns, `default` for
/// the whole `module.exports`.
fn commonjs_target(object: &Expression<'_>, property: Option<&str>) -> Option<String> {
    let property = property?;
    match object.get_inner_expression() {
        Expression::Identifier(id) if id.name == "module" && property == "exports" => {
            Some("default".to_string())
        }
        Expression::Identifier(id) if id.name == "exports" => Some(property.to_string()),
        Expression::StaticMemberExpression(m)
            if m.property.name == "exports"
                && matches!(m.object.get_inner_expression(), Expression::Identifier(id) if id.name == "module") =>
        {
            Some(property.to_string())
        }
        _ => None,
    }
}

fn class_members(class: &Class<'_>) -> Vec<(String, Span)> {
    class
        .body
        .body
        .iter()
        .filter_map(|element| match element {
            ClassElement::MethodDefinition(m) if !m.computed => {
                m.key.static_name().map(|k| (k.to_string(), m.span))
            }
            ClassElement::PropertyDefinition(p) if !p.computed => {
                p.key.static_name().map(|k| (k.to_string(), p.span))
            }
            _ => None,
        })
        .collect()
}

fn export_name<'a>(name: &ModuleExportName<'a>) -> &'a str {
    match name {
        ModuleExportName::IdentifierName(n) => n.name.as_str(),
        ModuleExportName::IdentifierReference(n) => n.name.as_str(),
        ModuleExportName::StringLiteral(s) => s.value.as_str(),
    }
}

/// `["S3Client", "()", "send"]` as `S3Client().send`; with `constructs`, the
/// construction is written `new S3Client`.
pub fn render_path(path: &[&str], constructs: bool) -> String {
    let mut out = String::new();
    for (i, part) in path.iter().enumerate() {
        if *part == CALL {
            out.push_str(CALL);
        } else {
            if i > 0 {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    if constructs {
        format!("new {out}")
    } else {
        out
    }
}

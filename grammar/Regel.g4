// The regel rule language: Swedish keywords, UTF-8 identifiers, Swedish number literals.
// Generated at build time with Debian's antlr4 (4.7.2); the C++ output never leaves compiler/syntax.
// Whitespace and newlines are insignificant: every clause starts with a keyword, so rules may be
// laid out freely. Keywords are listed once below (lexer section) and in docs/sprak.md.
grammar Regel;

program : header? declaration* EOF ;

header : 'regelverk' name=nameOrString headerClause* ;
headerClause
  : 'version' STRING                    # versionClause
  | 'lagrum' STRING                     # headerLagrum
  | 'beslutsdatum' identifier           # decisionDateClause
  | 'överklagande' STRING               # appealClause
  ;
nameOrString : IDENT | STRING ;
// Keywords that are also ordinary words in rules may be used as names: `antal: heltal`, `x: tal`,
// `d: datum`, `månad: månad`. (`antal(` is still the count, `datum` after an exempel title still
// the date, `3 månader` after a number a span of time.)
identifier : IDENT | 'antal' | 'tal' | 'datum' | timeUnit ;
// The names of definitions, parameters and aggregate variables: the words for spans of time are
// ordinary words too (`värde dagar`, `för varje dag i …`).
declName : IDENT | timeUnit ;
timeUnit : 'dag' | 'dagar' | 'vecka' | 'veckor' | 'månad' | 'månader' | 'år' ;

declaration
  : recordDecl
  | enumDecl
  | inputDecl
  | parameterDecl
  | valueDecl
  | conditionDecl
  | decisionDecl
  | stickprovDecl
  | exampleDecl
  ;

// ---- Types -------------------------------------------------------------------------------------
recordDecl : 'post' IDENT '{' (fieldDecl ','?)* '}' ;
enumDecl   : 'uppräkning' IDENT '{' IDENT (',' IDENT)* ','? '}' ;
inputDecl  : 'indata' IDENT? '{' (fieldDecl ','?)* '}' ;
// `personuppgift`: the field identifies a person (a name, a personnummer): never shown in error
// messages, and pseudonymised in exports of the decision log. `etikett "…"`: what the field is
// called for people (the letter, forms built from the input schema).
fieldDecl  : identifier ':' typeExpr fieldLimit? personal='personuppgift'? ('etikett' label=STRING)? ;
// The values a case may give a field: `heltal 0 till 20`, `belopp minst 0 kr`, `heltal högst 99`.
fieldLimit
  : lo=limitValue 'till' hi=limitValue  # rangeLimit
  | 'minst' lo=limitValue               # leastLimit
  | 'högst' hi=limitValue               # mostLimit
  ;
limitValue : minus='-'? literal ;
typeExpr
  : 'valfri' typeExpr                   # optionalType
  | 'lista' 'av' typeExpr               # listType
  | JANEJ                               # boolType
  | identifier                          # namedType
  ;

// ---- Parameters --------------------------------------------------------------------------------
parameterDecl
  : 'parameter' declName ('(' paramArg (',' paramArg)* ')')? ':' typeExpr metaClause* paramVersion+ ;
paramArg : identifier ':' typeExpr ;
metaClause
  : 'lagrum' STRING                     # lagrumClause
  | 'källa' STRING                      # sourceClause
  ;
period : 'gäller' 'från' DATE ('till' DATE)? ;
paramVersion : period metaClause* ':' paramBody ;
paramBody
  : 'tabell' tableRow+                  # tableBody
  | cellValue                           # constantBody
  ;
tableRow : tableKeys ':' cellValue ;
tableKeys
  : 'annars'                            # otherwiseKeys
  | tableKey (',' tableKey)*            # keyList
  ;
tableKey
  : lo=literal 'till' hi=literal        # rangeKey
  | 'från' lo=literal                   # openRangeKey
  | literal                             # exactKey
  | IDENT                               # enumKey
  ;
cellValue
  : 'okänd' STRING                      # unknownCell
  | expr                                # exprCell
  ;

// ---- Definitions -------------------------------------------------------------------------------
// A definition per element (`värde avgift(b: Barn): belopp`) takes one record as its argument.
valueDecl     : 'värde' declName ruleArgs? (':' typeExpr)? definitionBody ;
conditionDecl : 'villkor' declName ruleArgs? definitionBody ;
ruleArgs : '(' paramArg (',' paramArg)* ')' ;
definitionBody
  : ruleVersion+                        # versionedBody
  | ruleBody                            # plainBody
  ;
ruleVersion : period ruleBody ;
ruleBody : metaClause* '=' expr textClause* exceptionClause* ;
textClause
  : 'motivering' STRING                 # justificationText
  | 'uppfyllt' STRING                   # holdsText
  | 'ej' 'uppfyllt' STRING              # failsText
  ;
exceptionClause
  : 'undantag' name=IDENT? (relation=('till' | 'från') over=IDENT)? 'om' cond=expr ':' metaClause* '=' value=expr textClause* ;

// ---- Decision ----------------------------------------------------------------------------------
// `beslut alla skäl`: every ground of a step is stated (förvaltningslagen 32 §), see
// docs/sprak.md.
decisionDecl : 'beslut' (allGrounds='alla' 'skäl')? decisionBranch+ ;
decisionBranch : outcome ('med' amount=expr)? branchGuard reasonClause* ;
branchGuard
  : 'om' expr                           # whenGuard
  | 'annars'                            # otherwiseGuard
  ;
reasonClause : 'skäl' STRING ;
outcome
  : 'bifall'                            # approveOutcome
  | 'avslag'                            # rejectOutcome
  | 'manuell' 'prövning'                # manualOutcome
  | 'komplettering'                     # supplementOutcome
  | 'fastställt' word=IDENT              # fixedAmountOutcome
  ;
stickprovDecl : 'stickprov' number '%' 'av' outcome ;

// ---- Examples ----------------------------------------------------------------------------------
exampleDecl : 'exempel' STRING ('datum' DATE)? 'indata' objectValue expectation* ;
expectation
  : 'förväntat' 'beslut' outcome ('med' dataValue)?   # expectDecision
  | 'förväntat' declName '=' dataValue                   # expectValue
  | 'förväntat' 'fel' STRING                           # expectError
  | 'förväntat' 'saknas' STRING                        # expectMissing
  | 'förväntat' 'skäl' STRING                          # expectReason
  ;
objectValue : '{' (objectField ','?)* '}' ;
objectField : identifier ':' dataValue ;
dataValue
  : objectValue                         # objectData
  | '[' (dataValue (',' dataValue)* ','?)? ']'   # listData
  | '-' literal                         # negativeData
  | literal                             # literalData
  | IDENT                               # enumData
  ;

// ---- Expressions (alternatives listed from tightest to loosest binding) ------------------------
expr
  : primary                                             # primaryExpr
  | expr '.' identifier                                 # fieldExpr
  | '-' expr                                            # negateExpr
  | expr op=('*' | '/') expr                            # mulExpr
  | expr timeUnit                                       # durationExpr
  | expr 'av' expr                                      # ofExpr
  | expr op=('+' | '-') expr                            # addExpr
  | expr 'avrundat' roundMode                           # roundExpr
  | expr op=('=' | '≠' | '!=' | '<' | '<=' | '≤' | '>' | '>=' | '≥') expr   # compareExpr
  | 'inte' expr                                         # notExpr
  | expr 'och' expr                                     # andExpr
  | expr 'eller' expr                                   # orExpr
  ;
roundMode : direction=('nedåt' | 'uppåt')? 'till' 'hela' unit=('kronor' | 'öre' | 'tal') ;

primary
  : literal                                             # literalPrimary
  | '(' expr ')'                                        # parenPrimary
  | 'om' cond=expr 'så' then=expr 'annars' otherwise=expr   # ifPrimary
  | agg=('summa' | 'minsta' | 'största') '(' body=expr 'för' 'varje' var=declName 'i' list=expr ('där' filter=expr)? ')'  # foldPrimary
  | 'antal' '(' var=declName 'i' list=expr 'där' filter=expr ')'   # countWherePrimary
  | 'antal' '(' list=expr ')'                           # countPrimary
  | quant=('alla' | 'någon') '(' var=declName 'i' list=expr 'uppfyller' body=expr ')'   # quantPrimary
  | fn=IDENT '(' (elem=expr 'bland')? list=expr 'efter' sortKey (',' sortKey)* ')'   # orderPrimary
  | callee '(' (expr (',' expr)*)? ')'                  # callPrimary
  | identifier                                          # namePrimary
  | 'beslutsdatum'                                      # decisionDatePrimary
  ;

literal
  : number 'kr'                         # moneyLiteral
  | number 'öre'                        # oreLiteral
  | number '%'                          # percentLiteral
  | number                              # numberLiteral
  | DATE                                # dateLiteral
  | MONTH                               # monthLiteral
  | STRING                              # textLiteral
  | 'ja'                                # yesLiteral
  | 'nej'                               # noLiteral
  ;
number : NUMBER ;
// A key of an order: a field of the list's records, ascending unless `fallande`.
sortKey : identifier dir=('stigande' | 'fallande')? ;
// Functions and parameters are called by name; `år(…)`, `månad(…)`, `dag(…)` and `datum(…)` are
// functions although their names are keywords.
callee : IDENT | 'datum' | timeUnit ;

// ---- Lexer -------------------------------------------------------------------------------------
// Keywords come before IDENT so that they win; ANTLR's implicit tokens from the literals above
// cover them. A ja/nej type name is one token so that `ja` and `nej` stay boolean literals.
JANEJ  : 'ja/nej' ;
DATE   : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
MONTH  : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT ;
// Swedish numbers: digits grouped by a (no-break or thin) space in threes, decimal comma
// directly followed by digits: `6 000`, `6 000,50`, `0,25`. Arguments are separated by ", ".
NUMBER : INTPART (',' DIGIT+)? ;
fragment INTPART : DIGIT+ | DIGIT DIGIT? DIGIT? (GROUPSEP DIGIT DIGIT DIGIT)+ ;
fragment GROUPSEP : ' ' | '\u00A0' | '\u202F' ;
fragment DIGIT : [0-9] ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
IDENT  : [\p{L}_] [\p{L}\p{N}_]* ;
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS     : [ \t\r\n\u00A0\u202F]+ -> skip ;
// Any other character becomes a token of its own so the parser reports it with a position.
UNKNOWN_CHAR : . ;
